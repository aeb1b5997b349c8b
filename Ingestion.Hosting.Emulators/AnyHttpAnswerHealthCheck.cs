using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ingestion.Hosting.Emulators;

/// <summary>Healthy when the server answers HTTP at all, whatever the status (dynalite has no health route).</summary>
internal sealed class AnyHttpAnswerHealthCheck(Uri url) : IHealthCheck
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Http.GetAsync(url, cancellationToken);
            return HealthCheckResult.Healthy($"answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException exception)
        {
            return HealthCheckResult.Unhealthy($"no answer from {url}", exception);
        }
    }
}
