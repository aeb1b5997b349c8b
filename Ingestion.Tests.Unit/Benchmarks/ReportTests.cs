using System.Xml.Linq;
using Ingestion.Benchmarks;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.HotKeys;
using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Reporting;
using Ingestion.Benchmarks.Stages;

namespace Ingestion.Tests.Benchmarks;

public sealed class ReportTests
{
    [Fact]
    public void TheMarkdownReportShowsEveryPartAndJudgesTheGoals()
    {
        var markdown = MarkdownReport.Write(Report());

        Assert.Contains("# Benchmark: test run", markdown);
        Assert.Contains("0.50/0.40/0.30", markdown); // the load average is always shown
        Assert.Contains("| DynamoDB conditional PutItem | 2,000 items/s |", markdown);
        Assert.Contains("| ours at 1,000/s | 1,000 | 1,000 | 1,000 |", markdown);
        Assert.Contains("Ours over the blog's design: **4.0×**", markdown);
        Assert.Contains("| at least 5× the blog's design end to end | **no** | 4.0× (952 against 238 stored/s sustained) |", markdown);
        Assert.Contains("| p99 POST → stored at most 200 ms at half the saturation load | yes | p99 120 ms at 500 events/s |", markdown);
        Assert.Contains("| API RSS at most 200 MB (MiB) under load | yes | peak 150 MiB |", markdown);
        Assert.Contains("| api | ours | 2.00 | 0.200 |", markdown);
        Assert.Contains($"list prices of {AwsPrices.AsOf}", markdown);
        Assert.Contains("![throughput and latency against load](chart.svg)", markdown);
    }

    [Fact]
    public void TheReportCarriesTheHotKeysInJsonAndTheirTableInMarkdown()
    {
        var hotKeys = new HotKeySummary(1_200, "datastore EntityNameIndex READING", 12_000, HotKeySummary.PartitionWriteUnitsPerSecond,
            [new KeyLoad("datastore EntityNameIndex READING", 1_200, 3_000), new KeyLoad("datastore STATS#HydePark#2026-11-24T11:40:00Z", 259.7, 800)],
            [new EntityWriteUnits("READING", 3_000, 2.5, 1)]);
        var report = Report() with { HotKeys = hotKeys };

        var json = System.Text.Json.JsonDocument.Parse(ReportJson.Write(report)).RootElement.GetProperty("hot_keys");
        var markdown = MarkdownReport.Write(report);

        Assert.Equal(1_200, json.GetProperty("max_write_units_per_second").GetDouble());
        Assert.Equal("datastore EntityNameIndex READING", json.GetProperty("key").GetString());
        Assert.Equal(12_000, json.GetProperty("at_events_per_second").GetDouble());
        Assert.Contains("| `datastore STATS#HydePark#2026-11-24T11:40:00Z` | 259.7 | 800 |", markdown);
        Assert.Contains("| READING | 3,000 | 2.50 | 1.00 | 3.50 |", markdown);
        Assert.Contains("| no partition key over 1,000 write units/s at the target load | **no** | datastore EntityNameIndex READING: 1,200 write units/s at 12,000 events/s |", markdown);
    }

    [Fact]
    public void TheChartIsAnSvgWithALinePerSeriesAndALegend()
    {
        var svg = XDocument.Parse(ReportCharts.Render(Report()));

        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = svg.Descendants(ns + "polyline").ToList();
        Assert.Equal(5, lines.Count); // offered, accepted, stored; p50, p99
        Assert.All(lines, line => Assert.Equal(2, line.Attribute("points")!.Value.Split(' ').Length)); // two levels: 1,000/s and half of it
        Assert.Contains(svg.Descendants(ns + "text"), text => text.Value == "stored");
        Assert.Contains(svg.Descendants(ns + "text"), text => text.Value == "p99");
    }

    [Theory]
    [InlineData(0.9, 1)]
    [InlineData(1, 1)]
    [InlineData(1.2, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3100, 5000)]
    [InlineData(7001, 10000)]
    public void AxesEndAtARoundNumber(double value, double expected)
    {
        Assert.Equal(expected, SvgChart.NiceCeiling(value));
    }

    [Fact]
    public void ProcessesAreNamedByWhatTheyAre()
    {
        Assert.Equal(("fauxqs", ProcessRoles.Emulator), ProcessRoles.Classify(["/x/node", "/x/emulators/fauxqs-launcher.mjs"], null, false));
        Assert.Equal(("dynalite", ProcessRoles.Emulator), ProcessRoles.Classify(["node", "/x/node_modules/dynalite/cli.js"], null, false));
        Assert.Equal(("dashboard", ProcessRoles.Aspire), ProcessRoles.Classify(["/x/Aspire.Dashboard"], "aspire-dashboard", false));
        Assert.Equal(("dcp", ProcessRoles.Aspire), ProcessRoles.Classify(["/x/tools/dcp", "run-controllers"], null, false));
        Assert.Equal(("worker-sourceB", ProcessRoles.Ours), ProcessRoles.Classify(["/x/Ingestion.Workers"], "worker-sourceB", false));
        Assert.Equal(("worker-sourceB (dotnet run)", ProcessRoles.Aspire), ProcessRoles.Classify(["dotnet", "run", "--project", "x"], "worker-sourceB", false));
        Assert.Equal(("apphost", ProcessRoles.Aspire), ProcessRoles.Classify(["/x/Ingestion.AppHost"], null, true));
    }

    [Fact]
    public void TheApiRssGoalCountsEveryLevelAboveSaturationToo()
    {
        var report = Report();
        var overloaded = report.Levels[0] with
        {
            Level = report.Levels[0].Level with { Name = "ours at 2,000/s" },
            Usage = new ProcessUsage([new ProcessRow("api", ProcessRoles.Ours, 2, 230L * 1024 * 1024)], 10, [0.5, 0.4, 0.3], [0.6, 0.5, 0.4]),
        };

        var goal = Assert.Single((report with { Levels = [.. report.Levels, overloaded] }).Goals(), goal => goal.Description.StartsWith("API RSS", StringComparison.Ordinal));

        Assert.False(goal.Met);
        Assert.Equal("peak 230 MiB", goal.Measured);
    }

    [Fact]
    public void TheBudgetSumsEveryProcessPerStoredEventAndNamesTheCeilingItImplies()
    {
        var report = Report();
        var level = report.Levels[0].Level with { Accepted = 10_000, StoredInWindow = 10_000, StoredInTotal = 10_000 };
        var usage = new ProcessUsage(
            [
                new ProcessRow("api", ProcessRoles.Ours, 2, 0), new ProcessRow("worker-sourceB", ProcessRoles.Ours, 1, 0),
                new ProcessRow("worker-archive", ProcessRoles.Ours, 0.5, 0), new ProcessRow("dashboard", ProcessRoles.Aspire, 2.5, 0),
                new ProcessRow("dynalite", ProcessRoles.Emulator, 4, 0),
            ],
            10, [0.5, 0.4, 0.3], [0.6, 0.5, 0.4]);
        var saturated = report with { Saturation = new MeasuredLevel(level, usage, 1) };

        var budget = saturated.Budget!;
        var json = System.Text.Json.JsonDocument.Parse(ReportJson.Write(saturated)).RootElement.GetProperty("budget");
        var goals = saturated.Goals();

        Assert.Equal(1.0, budget.TotalMillisecondsPerEvent, 9);
        Assert.Equal(2_000, budget.CeilingEventsPerSecond, 6); // 2 cores: 2,000 CPU ms a second over 1 ms an event
        Assert.Equal("dynalite", budget.LargestProcess);
        Assert.Equal(0.35, budget.OurServicesMillisecondsPerEvent, 9);
        Assert.Equal(0.25, budget.DashboardMillisecondsPerEvent, 9);
        Assert.Equal(2_000, json.GetProperty("ceiling_events_per_second").GetDouble(), 6);
        Assert.False(Assert.Single(goals, goal => goal.Description.StartsWith("our services", StringComparison.Ordinal)).Met);
        Assert.True(Assert.Single(goals, goal => goal.Description.StartsWith("the dashboard", StringComparison.Ordinal)).Met);
        Assert.Contains("every process together spent **1.00 CPU ms per stored event**", MarkdownReport.Write(saturated));
        Assert.Contains("| dynalite | emulator | 0.400 | 40 % |", MarkdownReport.Write(saturated));
    }

    [Fact]
    public void TheBudgetIsAlsoGivenInUnitsOfTheLoadGeneratorsOwnCpuPerEventOverTheSameWindow()
    {
        var report = Report();
        var level = report.Levels[0].Level with { Accepted = 10_000, StoredInWindow = 10_000, StoredInTotal = 10_000 };
        var usage = new ProcessUsage([new ProcessRow("dynalite", ProcessRoles.Emulator, 10, 0)], 10, [0.5, 0.4, 0.3], [0.6, 0.5, 0.4]);

        // 10 CPU s over 10,000 events is 1 ms an event; the benchmark's 0.9 CPU s is 0.09 ms an event.
        var budget = (report with { Saturation = new MeasuredLevel(level, usage, BenchmarkCpuSeconds: 0.9) }).Budget!;
        var unmeasured = (report with { Saturation = new MeasuredLevel(level, usage, BenchmarkCpuSeconds: 0) }).Budget!;

        Assert.Equal(0.09, budget.LoadGeneratorMillisecondsPerEvent, 9);
        Assert.Equal(1 / 0.09, budget.TimesLoadGenerator!.Value, 9);
        Assert.Contains("the sum is **11.1×** it", MarkdownReport.LoadGeneratorNote(budget), StringComparison.Ordinal);
        Assert.Null(unmeasured.TimesLoadGenerator);
        Assert.Equal("", MarkdownReport.LoadGeneratorNote(unmeasured));
    }

    [Fact]
    public void OptionsAreReadFromTheCommandLine()
    {
        var options = BenchmarkOptions.Parse([
            "--levels", "100,200", "--step-seconds", "3", "--skip-blog", "--label", "after",
            "--apphost-arg", "--AppHost:ServiceEnvironment:A=1", "--apphost-arg", "--AppHost:ServiceEnvironment:B=2"]);

        Assert.Equal([100, 200], options.Levels);
        Assert.Equal(["--AppHost:ServiceEnvironment:A=1", "--AppHost:ServiceEnvironment:B=2"], options.AppHostArguments);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StepDuration);
        Assert.True(options.SkipBlog);
        Assert.Equal("after", options.Label);
        Assert.Throws<ArgumentException>(() => BenchmarkOptions.Parse(["--nonsense"]));
    }

    private static BenchmarkReport Report()
    {
        var latency = new LatencySummary(100, 40, 90, 120, 150);
        LevelResult Level(string name, double rate) =>
            new(name, rate, 10, (int)(rate * 10), (int)(rate * 10), 0, 0, (int)(rate * 10), (int)(rate * 10), 0.5, latency, latency);
        var usage = new ProcessUsage(
            [new ProcessRow("api", ProcessRoles.Ours, 2, 150L * 1024 * 1024), new ProcessRow("fauxqs", ProcessRoles.Emulator, 4, 90L * 1024 * 1024)],
            10, [0.5, 0.4, 0.3], [0.6, 0.5, 0.4]);
        var saturation = new MeasuredLevel(Level("ours at 1,000/s", 1000), usage, 1);
        var half = new MeasuredLevel(Level("ours at half saturation", 500), usage, 1);
        var blog = Level("blog design", 0) with { Accepted = 2500, StoredInWindow = 2500, StoredInTotal = 2500 };
        var counts = new RequestCounts(10_000, 1_000, 20_000, 22_000, 30_000, 0, 10_000);
        return new BenchmarkReport(
            new RunInfo("test run", DateTimeOffset.UnixEpoch, "abc1234", "Release", 2, [0.5, 0.4, 0.3], [0.6, 0.5, 0.4], "busy machine"),
            [new StageResult("DynamoDB conditional PutItem", "items", 16, 5, 10_000, 10_000, 0, latency)],
            blog,
            [saturation],
            saturation,
            half,
            null,
            new CostComparison(counts, CostModel.Estimate(counts, 900), counts, CostModel.Estimate(counts, 200), 900));
    }
}
