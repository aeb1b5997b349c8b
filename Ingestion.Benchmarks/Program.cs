using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Benchmarks;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.HotKeys;
using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Reporting;
using Ingestion.Benchmarks.Stages;
using Ingestion.Benchmarks.Topology;
using Ingestion.Messaging.Aws;

// dotnet run -c Release --project Ingestion.Benchmarks [-- --help]
if (args.Contains("--help"))
{
    Console.WriteLine(BenchmarkOptions.Help);
    return 0;
}

var options = BenchmarkOptions.Parse(args);
var leftovers = LeftoverTopology.Find(Environment.ProcessId);
if (leftovers.Count > 0)
{
    var listed = $"{leftovers.Count} processes of another topology are running ({string.Join(", ", leftovers.Take(6))}{(leftovers.Count > 6 ? ", …" : "")})";
    if (!options.AllowBusy)
    {
        Console.Error.WriteLine($"{listed}: they would take CPU from every level without showing in the report. Stop them first "
            + "(an AppHost: Ctrl+C, then wait for it to stop its services; orphans of a run whose DCP was killed: "
            + "pkill -f 'Ingestion\\.(Api|Workers)$|emulators/node_modules/node-linux|Aspire\\.Dashboard|tools/dcp '), or pass --allow-busy.");
        return 2;
    }

    options = options with { Notes = $"{options.Notes} {listed} when this run started: its numbers are not comparable with a quiet machine's.".Trim() };
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var token = cancel.Token;
var clock = Stopwatch.StartNew();
void Progress(string line) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {line}");

var root = RepositoryRoot();
var configuration = typeof(Program).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
    .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Release";
var runId = $"bench{DateTimeOffset.UtcNow:MMddHHmmss}";
var work = Directory.CreateTempSubdirectory("ingestion-benchmark-").FullName;
var operationLog = Path.Combine(work, "aws-operations");
const string apiKey = "benchmark-api-key-for-sourceB";
const string noiseApiKey = "benchmark-api-key-for-noise";
var started = DateTimeOffset.UtcNow;
var loadAtStart = LoadAverage.Read();
Progress($"{configuration} build; load average {string.Join('/', loadAtStart)}; booting the AppHost (logs in {work})");

await using var appHost = AppHostProcess.Start(root, configuration, operationLog, new Dictionary<string, string> { ["api-key-sourceB"] = apiKey, ["api-key-noise"] = noiseApiKey }, options.AppHostArguments);
await appHost.WaitForApiAsync(TimeSpan.FromMinutes(5), token);
await using var sampler = new ProcessSampler(appHost.ProcessId);
var stack = StackResources.Find(appHost.Endpoints.FauxqsPort) ?? throw new InvalidOperationException("the API's stack outputs were not found in its environment");
Progress($"API healthy at {appHost.Endpoints.Api} after {clock.Elapsed.TotalSeconds:N0} s; dashboard http://127.0.0.1:{appHost.Endpoints.DashboardPort}");

using var aws = new BenchmarkAws(appHost.Endpoints);
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
{
    BaseAddress = appHost.Endpoints.Api,
    Timeout = TimeSpan.FromSeconds(30),
};
var reader = new StoredReader(aws.DynamoDb, stack.TableName);
var quiet = new QuietQueues(aws.Sqs, stack.Outputs, Progress);
Progress($"each level starts once the stack's {quiet.QueueCount} worker queues are empty");
var endToEnd = new EndToEnd(new ContractLoad(http, apiKey, runId), reader, quiet, sampler, operationLog, options, Progress);

if (!await endToEnd.WarmUpAsync(token))
{
    // A worker that never came up (see the dashboard's console logs) would make every number below meaningless.
    Progress($"warm-up: events not stored within {options.DrainTimeout.TotalSeconds:N0} s: a worker is not running; stopping (logs in {work})");
    return 1;
}

IReadOnlyList<StageResult> stages = [];
if (!options.SkipStages)
{
    Progress("stage ceilings, each alone:");
    stages = await new StageCeilings(aws, stack, runId, options.StageDuration, Progress).RunAsync(token);
}

LevelResult? blog = null;
RequestCounts? blogRequests = null;
if (!options.SkipBlog)
{
    Progress($"the blog's design: one group, one Publish per event, one message at a time, for {options.BlogDuration.TotalSeconds:N0} s");
    (blog, blogRequests) = await new BlogDesign(aws, stack, runId, Progress).RunAsync(options.BlogDuration, options.DrainTimeout, token);
    Progress($"  accepted {blog.AcceptedPerSecond:N0}/s, stored {blog.StoredPerSecond:N0}/s, drain {blog.DrainSeconds:N1} s, POST→stored p99 {blog.PostToStored.P99:N0} ms");
}

var levels = new List<MeasuredLevel>();
MeasuredLevel? saturation = null;
foreach (var rate in options.Levels)
{
    var measured = await endToEnd.OfferAsync($"ours at {rate:N0}/s", rate, options.StepDuration, token);
    levels.Add(measured);
    if (!measured.Level.KeptUp)
    {
        break;
    }

    saturation = measured;
}

MeasuredLevel? half = null;
if (saturation is not null)
{
    half = await endToEnd.OfferAsync($"ours at half saturation", saturation.Level.OfferedPerSecond / 2, options.StepDuration * 2, token);
}

var flood = await endToEnd.FloodAsync(token);

var noiseLocations = stack.Outputs.GetValueOrDefault(StackOutputNames.NoiseLocations)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
var hotKeys = await new HotKeyPhase(new ContractLoad(http, apiKey, runId + "hk"), new ReadingLoad(http, noiseApiKey, noiseLocations), quiet, operationLog, Progress)
    .RunAsync(contractsPerSecond: 100, options.StepDuration * 2, options.DrainTimeout, token);

CostComparison? cost = null;
const int messageBytes = 900; // a CONTRACT event as published: body, envelope and message attributes
// Priced over the saturation level, or the flood when no level kept up (its window runs until the backlog drained).
if ((saturation ?? flood) is { } priced && blogRequests is not null)
{
    // A sourceB event reaches two subscriptions: the sourceB queue and the archive.
    var ours = endToEnd.Operations[priced].ToRequests(priced.Level.Accepted, deliveriesPerEvent: 2);
    cost = new CostComparison(ours, CostModel.Estimate(ours, messageBytes), blogRequests, CostModel.Estimate(blogRequests, 200), messageBytes);
}

var report = new BenchmarkReport(
    new RunInfo(options.Label, started, Git(root, "rev-parse --short HEAD"), configuration, Environment.ProcessorCount, loadAtStart, LoadAverage.Read(),
        options.Notes),
    stages, blog, levels, saturation, half, flood, cost, hotKeys);

var output = Path.GetFullPath(Path.Combine(root, options.Output));
Directory.CreateDirectory(output);
await File.WriteAllTextAsync(Path.Combine(output, "report.md"), MarkdownReport.Write(report), token);
await File.WriteAllTextAsync(Path.Combine(output, "report.json"), ReportJson.Write(report), token);
await File.WriteAllTextAsync(Path.Combine(output, "chart.svg"), ReportCharts.Render(report), token);
Progress($"report: {output}/report.md (and report.json, chart.svg)");
foreach (var goal in report.Goals())
{
    Progress($"  {(goal.Met ? "met    " : "NOT met")} {goal.Description}: {goal.Measured}");
}

Progress("stopping the AppHost");
return 0;

static string RepositoryRoot()
{
    for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
    {
        if (File.Exists(Path.Combine(directory.FullName, "Ingestion.sln")))
        {
            return directory.FullName;
        }
    }

    throw new InvalidOperationException("run the benchmark from the repository (Ingestion.sln not found above it)");
}

static string Git(string root, string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { WorkingDirectory = root, RedirectStandardOutput = true })!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return text.Length > 0 ? text : "unknown";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}
