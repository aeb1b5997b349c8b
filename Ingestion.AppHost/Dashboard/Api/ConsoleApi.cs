using System.Text.RegularExpressions;
using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/console?resource=&amp;text=&amp;after=&amp;limit=</c>: the children's console output,
/// one resource or all interleaved, oldest first, colour codes removed.
/// </summary>
internal static partial class ConsoleApi
{
    public static IEndpointRouteBuilder MapConsoleApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/console", (IResourceMonitor monitor, string? resource, string? text, long? after, int? limit) =>
        {
            var max = Math.Clamp(limit ?? 1_000, 1, 10_000);
            var lines = monitor.GetConsoleLogs(string.IsNullOrEmpty(resource) ? null : resource, after ?? 0, string.IsNullOrEmpty(text) ? max : 10_000)
                .Select(line => line with { Text = AnsiEscape().Replace(line.Text, "") })
                .Where(line => string.IsNullOrEmpty(text) || line.Text.Contains(text, StringComparison.OrdinalIgnoreCase))
                .ToList();
            var last = lines.Count > 0 ? lines[^1].Sequence : after ?? 0;
            return TypedResults.Ok(new ConsolePage(lines.TakeLast(max).ToList(), last));
        });
        return endpoints;
    }

    [GeneratedRegex(@"\x1B\[[0-9;?]*[ -/]*[@-~]")]
    private static partial Regex AnsiEscape();
}

internal sealed record ConsolePage(IReadOnlyList<ConsoleLogLine> Lines, long LastSequence);
