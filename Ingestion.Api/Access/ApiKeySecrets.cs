using System.Text.Json;
using Ingestion.Api.Sources;
using Ingestion.Messaging.Aws.SecretsManager;

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
}

/// <summary>Reads every principal's secret at start (the start fails if one cannot be read) and then on an interval.</summary>
internal sealed partial class ApiKeySecretsRefresher(
    ApiKeySecrets target,
    ApiKeySecretsOptions options,
    SecretsManagerClient client,
    SourceCatalogue catalogue,
    ILogger<ApiKeySecretsRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        target.Replace(await ReadAllAsync(cancellationToken));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                target.Replace(await ReadAllAsync(stoppingToken));
            }
            catch (Exception exception) when (exception is SecretsManagerException or HttpRequestException or InvalidOperationException)
            {
                RefreshFailed(logger, exception);
            }
        }
    }

    private async Task<Dictionary<string, ApiKeySecrets.SecretKeys>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var prefix = options.Prefix is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("ApiKeySecrets:Enabled is set but no prefix: set ApiKeySecrets:Prefix or AWS:Resources:ApiKeySecretPrefix (the stack output).");
        var keys = new Dictionary<string, ApiKeySecrets.SecretKeys>(StringComparer.Ordinal);
        foreach (var principal in catalogue.SourceNames.Append(ApiKeyRing.AdminPrincipal))
        {
            var secretId = prefix + principal;
            keys[principal] = ApiKeySecrets.SecretKeys.Parse(secretId, await client.GetSecretStringAsync(secretId, cancellationToken));
        }

        return keys;
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not refresh the API keys from Secrets Manager; keeping the keys read before")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);
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
        keys.EnsureKeysFor(catalogue.SourceNames.Append(ApiKeyRing.AdminPrincipal));
        throttle.Prepare(catalogue.SourceNames);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
