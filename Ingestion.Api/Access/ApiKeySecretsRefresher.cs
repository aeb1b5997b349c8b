using Ingestion.Api.Sources;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.SecretsManager;
using Ingestion.Messaging;

namespace Ingestion.Api.Access;

/// <summary>
/// Reads every principal's secret at start, retrying what may pass with back-off (the start fails,
/// clearly, once <see cref="ApiKeySecretsOptions.StartAttempts"/> are spent or at once when a secret
/// is missing or malformed), and then on an interval. A refresh that fails for any reason keeps
/// the keys read before: the API must never stop because Secrets Manager or the credentials did.
/// </summary>
internal sealed partial class ApiKeySecretsRefresher(
    ApiKeySecrets target,
    ApiKeySecretsOptions options,
    SecretsManagerClient client,
    SourceCatalogue catalogue,
    TimeProvider timeProvider,
    ILogger<ApiKeySecretsRefresher> logger) : BackgroundService
{
    private static readonly TimeSpan MaxStartRetryDelay = TimeSpan.FromSeconds(30);

    // Errors that no retry can fix: the secret is not there, not ours to read, or not a key.
    private static readonly HashSet<string> PermanentErrors = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "AccessDeniedException", "DecryptionFailure", "InvalidParameterException", "InvalidRequestException", "NoSecretString",
    };

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        target.Replace(await ReadAtStartAsync(cancellationToken));
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                target.Replace(await ReadAllAsync(stoppingToken));
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Anything (an HTTP timeout, no credentials, a bug): BackgroundService's default would stop the host.
                RefreshFailed(logger, exception);
            }
        }
    }

    private async Task<Dictionary<string, ApiKeySecrets.SecretKeys>> ReadAtStartAsync(CancellationToken cancellationToken)
    {
        var delay = options.StartRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ReadAllAsync(cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && MayPass(exception))
            {
                if (attempt >= options.StartAttempts)
                {
                    throw new InvalidOperationException(
                        $"Could not read the API keys from Secrets Manager in {attempt} attempts, so the API does not start: {exception.GetType().Name}: {exception.Message}",
                        exception);
                }

                StartReadFailed(logger, exception, attempt, options.StartAttempts, delay);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxStartRetryDelay.Ticks));
            }
        }
    }

    /// <summary>Timeouts, connection and credential errors, throttling and server errors may pass; a missing or malformed secret will not.</summary>
    private static bool MayPass(Exception exception) => exception switch
    {
        SecretsManagerException service => !PermanentErrors.Contains(service.ErrorCode),
        InvalidOperationException => false,
        _ => true,
    };

    private async Task<Dictionary<string, ApiKeySecrets.SecretKeys>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var prefix = options.Prefix is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"ApiKeySecrets:Enabled is set but no prefix: set ApiKeySecrets:Prefix or {AwsConfigurationKeys.ResourcesSection}:{StackOutputNames.ApiKeySecretPrefix} (the stack output).");
        var keys = new Dictionary<string, ApiKeySecrets.SecretKeys>(StringComparer.Ordinal);
        foreach (var principal in catalogue.SourceNames.Append(ApiAccess.AdminHolder))
        {
            var secretId = prefix + principal;
            keys[principal] = ApiKeySecrets.SecretKeys.Parse(secretId, await client.GetSecretStringAsync(secretId, cancellationToken));
        }

        return keys;
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not refresh the API keys from Secrets Manager; keeping the keys read before")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(2, LogLevel.Warning, "Could not read the API keys from Secrets Manager at start (attempt {Attempt} of {Attempts}); trying again in {Delay}")]
    private static partial void StartReadFailed(ILogger logger, Exception exception, int attempt, int attempts, TimeSpan delay);
}
