using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Benchmarks.Reporting;

/// <summary>report.json as written: snake_case, indented, infinities allowed.</summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static string Write(BenchmarkReport report) => JsonSerializer.Serialize(report, Options);
}
