using Ingestion.LoadGenerator;

// dotnet run --project Ingestion.LoadGenerator -- --sensors 2000 --rate 800 --duration 60
if (args is ["--help"] or ["-h"])
{
    Console.WriteLine(LoadOptions.Usage);
    return 0;
}

var (options, errors) = LoadOptions.Parse(args, Environment.GetEnvironmentVariable(LoadOptions.ApiKeyVariable));
if (options is null)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine(error);
    }

    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // finish with the summary
    stop.Cancel();
};

using var http = new HttpClient { BaseAddress = options.Api, Timeout = TimeSpan.FromSeconds(30) };
var statistics = new LoadStatistics();
using var dynamoDb = options.AlertLatencyDynamoDb is { } endpoint
    ? new Amazon.DynamoDBv2.AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("test", "test"),
        new Amazon.DynamoDBv2.AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" })
    : null;
var alerts = dynamoDb is null ? null : new AlertLatency(dynamoDb, "datastore");
var run = new LoadRun(options, new ReadingSender(http, options.ApiKey, statistics, options.AlertThreshold, alerts), statistics, Console.Out);
Console.WriteLine($"{options.Sensors} sensors in {string.Join(", ", options.Locations)} against {options.Api}, at most {options.Rate} readings/s for {options.Duration.TotalSeconds:0} s (seed {options.Seed})");
var elapsed = await run.RunAsync(stop.Token);
Console.WriteLine(statistics.Summary(elapsed));
if (alerts is not null)
{
    var (latency, found, missing) = await alerts.MeasureAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
    Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"  alert latency ms     p50 {latency.Percentile(50):0.0}  p95 {latency.Percentile(95):0.0}  p99 {latency.Percentile(99):0.0}  max {latency.Percentile(100):0.0}  ({found} alerts stored, {missing} missing after 30 s)"));
}
return statistics.TransportErrors > 0 && statistics.Accepted == 0 ? 1 : 0;
