namespace Ingestion.Benchmarks.Reporting;

/// <summary>The report's chart: ours at each offered level (accepted, stored; POST → stored p50 and p99).</summary>
internal static class ReportCharts
{
    public static string Render(BenchmarkReport report)
    {
        var levels = report.Levels.Concat(new[] { report.HalfLoad }.OfType<MeasuredLevel>()).Select(measured => measured.Level).Where(level => level.OfferedPerSecond > 0).ToList();
        var blog = report.Blog is { } b ? $"; blog's design {b.SustainedStoredPerSecond:N0}/s stored (sustained)" : "";
        return SvgChart.Render(
            $"{report.Run.Label}: throughput and latency against offered load{blog}",
            [
                new ChartSeries("offered", "#bbbbbb", [.. levels.Select(l => (l.OfferedPerSecond, l.OfferedPerSecond))]),
                new ChartSeries("accepted", "#1f77b4", [.. levels.Select(l => (l.OfferedPerSecond, l.AcceptedPerSecond))]),
                new ChartSeries("stored", "#2ca02c", [.. levels.Select(l => (l.OfferedPerSecond, l.StoredPerSecond))]),
            ],
            [
                new ChartSeries("p50", "#2ca02c", [.. levels.Select(l => (l.OfferedPerSecond, l.PostToStored.P50))]),
                new ChartSeries("p99", "#d62728", [.. levels.Select(l => (l.OfferedPerSecond, l.PostToStored.P99))]),
            ]);
    }
}
