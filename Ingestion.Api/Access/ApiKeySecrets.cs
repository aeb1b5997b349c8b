using System.Text.Json;
using Ingestion.Api.Sources;
using Microsoft.Extensions.Options;
using Ingestion.Messaging;

namespace Ingestion.Api.Access;

/// <summary>
/// On AWS the keys live in Secrets Manager, one secret per principal named
/// <c>&lt;ApiKeySecretPrefix&gt;&lt;principal&gt;</c> (the template makes them, e.g.
/// <c>ingestion/api-keys/sourceB</c>), holding <c>{"current": "…", "previous": "…"}</c>. They reach
/// <see cref="ApiKeyRing"/> as configuration (<c>ApiKeys:&lt;principal&gt;:Current</c>/<c>:Previous</c>),
/// read before the API takes requests and again every <see cref="ApiKeySecretsOptions.RefreshInterval"/>,
/// so a rotated key is picked up without a restart. A failed refresh keeps the keys it had.
/// </summary>
public sealed class ApiKeySecrets : ConfigurationProvider, IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    /// <summary>Replaces every key with what the secrets hold now, and tells the ring to read them again.</summary>
    internal void Replace(IReadOnlyDictionary<string, SecretKeys> keys)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (principal, secret) in keys)
        {
            data[$"{ApiKeyRing.SectionName}:{principal}:Current"] = secret.Current;
            data[$"{ApiKeyRing.SectionName}:{principal}:Previous"] = secret.Previous;
        }

        Data = data;
        OnReload();
    }

    /// <summary>A secret's JSON: what rotation writes (the new key as current, the old one as previous until producers moved).</summary>
    internal sealed record SecretKeys(string? Current, string? Previous)
    {
        public static SecretKeys Parse(string secretId, string secretString)
        {
            try
            {
                using var document = JsonDocument.Parse(secretString);
                return new SecretKeys(Text(document.RootElement, "current"), Text(document.RootElement, "previous"));
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException)
            {
                // Never the secret's text in the message: it is the key.
                throw new InvalidOperationException($"Secret {secretId} is not {{\"current\": \"…\", \"previous\": \"…\"}} JSON.");
            }

            static string? Text(JsonElement root, string name) =>
                root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        }
    }
}

public sealed class ApiKeySecretsOptions
{
    public const string SectionName = "ApiKeySecrets";

    /// <summary>Read the keys from Secrets Manager (on AWS) instead of configuration (local parameters).</summary>
    public bool Enabled { get; set; }

    /// <summary>The secrets' name prefix: the stack output ApiKeySecretPrefix, which the AppHost passes as AWS:Resources:ApiKeySecretPrefix.</summary>
    public string? Prefix { get; set; }

    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Reads tried at start before the API gives up (a task starting while Secrets Manager or the
    /// task's credentials are slow); each waits <see cref="StartRetryDelay"/>, doubled every time.
    /// With the defaults and the 10 s request timeout a start gives up after at most about 65 s.
    /// </summary>
    public int StartAttempts { get; set; } = 5;

    public TimeSpan StartRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Fails the start on settings that would make the refresher spin or never try.</summary>
    internal void Validate()
    {
        var problems = new List<string>();
        if (RefreshInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:RefreshInterval must be positive.");
        }

        if (StartAttempts < 1)
        {
            problems.Add($"{SectionName}:StartAttempts must be at least 1.");
        }

        if (StartRetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:StartRetryDelay must be positive.");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(ApiKeySecretsOptions), problems);
        }
    }
}

/// <summary>
/// Fails the start, before the first request, when the keys are incomplete (see
/// <see cref="ApiKeyRing.EnsureKeysFor"/>) or a source's rate limit is unusable: registered after the
/// Secrets Manager refresher, so on AWS the keys have been read by then.
/// </summary>
internal sealed class AccessStartupCheck(ApiKeyRing keys, SourceThrottle throttle, SourceCatalogue catalogue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        keys.EnsureKeysFor(catalogue.SourceNames.Append(ApiAccess.AdminHolder));
        throttle.Prepare(catalogue.SourceNames);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
