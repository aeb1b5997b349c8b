using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost;

/// <summary>
/// How many processes of each service run: <c>AppHost:ApiReplicas</c>, and <c>AppHost:WorkerReplicas</c>
/// for every worker or <c>AppHost:WorkerReplicas:&lt;worker&gt;</c> for one (e.g. <c>sourceB</c>).
/// All default to 1. Replicas of a worker poll the same queue; replicas of the API share its port.
/// </summary>
internal sealed record ServiceReplicas(int Api, int Workers, IReadOnlyDictionary<string, int> PerWorker)
{
    private const string ApiKey = "AppHost:ApiReplicas";
    private const string WorkersKey = "AppHost:WorkerReplicas";

    /// <exception cref="InvalidOperationException">A per-worker count names no worker of the template (a typo would otherwise go unnoticed).</exception>
    public int ForWorker(string worker, IEnumerable<string> declaredWorkers)
    {
        var unknown = PerWorker.Keys.Except(declaredWorkers, StringComparer.Ordinal).ToList();
        return unknown.Count == 0
            ? PerWorker.GetValueOrDefault(worker, Workers)
            : throw new InvalidOperationException($"{WorkersKey}:{unknown[0]}: the template declares no worker '{unknown[0]}'.");
    }

    /// <exception cref="InvalidOperationException">A count is not a whole number of at least 1.</exception>
    public static ServiceReplicas From(IConfiguration configuration)
    {
        var perWorker = configuration.GetSection(WorkersKey).GetChildren()
            .ToDictionary(setting => setting.Key, setting => Count(setting.Path, setting.Value), StringComparer.Ordinal);
        return new ServiceReplicas(
            Count(ApiKey, configuration[ApiKey]),
            Count(WorkersKey, configuration[WorkersKey]),
            perWorker);
    }

    private static int Count(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 1;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
            ? count
            : throw new InvalidOperationException($"{key} must be a whole number of at least 1, not '{value}'.");
    }
}
