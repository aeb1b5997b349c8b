using Amazon.Runtime;

namespace Ingestion.Messaging.Aws;

/// <summary>
/// The environment's AWS keys, read once. Left to itself, the SDK's default chain reads
/// <c>AWS_ACCESS_KEY_ID</c> and its neighbours from the environment again for every request (three
/// times per call: a twentieth of a busy worker's CPU, profiled on 4 December). Keys in the environment do
/// not change while a process runs; every other source (a profile, ECS's container credentials,
/// instance metadata) is left to the SDK, which caches and refreshes those itself.
/// </summary>
public static class EnvironmentCredentials
{
    /// <summary>The keys, or null when the environment has none or names a profile (the SDK then decides, as before).</summary>
    public static AWSCredentials? From(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var accessKey = variable("AWS_ACCESS_KEY_ID");
        var secretKey = variable("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey) || !string.IsNullOrEmpty(variable("AWS_PROFILE")))
        {
            return null;
        }

        return variable("AWS_SESSION_TOKEN") is { Length: > 0 } token
            ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
    }
}
