using Amazon;
using Amazon.Runtime;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Messaging.Aws;

/// <summary>
/// Points any AWS SDK client config at the emulator when the AppHost injected an endpoint
/// for that service, and at the configured region otherwise, so every client (SQS,
/// DynamoDB, S3) is wired the same way.
/// </summary>
public static class AwsServiceConfig
{
    /// <param name="service">The key under <c>AWS:Endpoints</c>, e.g. <see cref="AwsConfigurationKeys.Sqs"/>.</param>
    /// <returns><paramref name="config"/>, for chaining into the client's constructor.</returns>
    public static TConfig Configure<TConfig>(TConfig config, IConfiguration configuration, string service)
        where TConfig : ClientConfig
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(configuration);

        var region = NullIfBlank(configuration[AwsConfigurationKeys.Region]);
        var endpoint = NullIfBlank(configuration[AwsConfigurationKeys.Endpoint(service)]);

        if (endpoint is not null)
        {
            // ServiceURL and RegionEndpoint are alternatives in the SDK (setting one clears the
            // other), so the signing region goes into AuthenticationRegion instead.
            config.ServiceURL = endpoint;
            if (region is not null)
            {
                config.AuthenticationRegion = region;
            }
        }
        else if (region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        // Neither set: leave the SDK's own region chain (AWS_REGION, profile, instance metadata).

        config.DefaultAWSCredentials ??= EnvironmentCredentials.From(Environment.GetEnvironmentVariable);

        // Off unless configured: the operation log for the least-privilege check, and fault
        // injection against the emulators (docs/internals.md).
        if (AwsHttpHandlers.For(configuration, service) is { Count: > 0 } handlers)
        {
            config.HttpClientFactory = new AwsHttpClientFactory(handlers);
        }

        return config;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
