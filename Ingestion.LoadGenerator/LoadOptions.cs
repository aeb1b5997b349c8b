using System.Globalization;

namespace Ingestion.LoadGenerator;

/// <summary>The command line, parsed and checked; every problem is reported at once.</summary>
internal sealed record LoadOptions
{
    public Uri Api { get; init; } = new("http://127.0.0.1:5080");

    public int Sensors { get; init; } = 1000;

    /// <summary>Cap on readings per second across all sensors.</summary>
    public int Rate { get; init; } = 500;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    public int Batch { get; init; } = 50;

    public int Concurrency { get; init; } = 4;

    public int Seed { get; init; } = 1;

    public double AlertThreshold { get; init; } = 85;

    public IReadOnlyList<string> Locations { get; init; } = ["HydePark", "Woodlawn", "Kenwood"];

    /// <summary>The noise source's key, sent as X-Api-Key; from INGESTION_API_KEY (not the command line, which `ps` shows) or --api-key.</summary>
    public string ApiKey { get; init; } = "";

    public const string ApiKeyVariable = "INGESTION_API_KEY";

    /// <summary>When set, measure POST → ALERT stored by reading this DynamoDB endpoint after the run.</summary>
    public Uri? AlertLatencyDynamoDb { get; init; }

    public const string Usage = """
        Ingestion.LoadGenerator: bursty noise sensors against the API.
          --api URL              API base URL (default http://127.0.0.1:5080)
          --api-key KEY          the noise source's key (better: the INGESTION_API_KEY variable;
                                 locally the AppHost's parameter api-key-noise:
                                 dotnet user-secrets list --project Ingestion.AppHost)
          --sensors N            simulated sensors (default 1000)
          --rate N               at most N readings per second overall (default 500)
          --duration SECONDS     how long to run (default 30, at most 3600)
          --batch N              readings per request, 1-100 (default 50)
          --concurrency N        requests in flight, 1-64 (default 4)
          --seed N               same seed, same traffic (default 1)
          --alert-threshold DB   what counts as a loud reading (default 85)
          --locations A,B,C      neighbourhoods (default HydePark,Woodlawn,Kenwood)
          --alert-latency URL    after the run, read the ALERT items from this DynamoDB endpoint
                                 (local: http://127.0.0.1:8000) and report POST -> alert stored
        """;

    public static (LoadOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args, string? environmentApiKey = null)
    {
        var errors = new List<string>();
        var options = new LoadOptions { ApiKey = environmentApiKey ?? "" };
        for (var index = 0; index < args.Count; index++)
        {
            var name = args[index];
            if (index + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value.");
                break;
            }

            var value = args[++index];
            options = name switch
            {
                "--api" => Uri.TryCreate(value, UriKind.Absolute, out var api) && api.Scheme is "http" or "https"
                    ? options with { Api = api } : Fail(options, errors, $"--api must be an http(s) URL, not '{value}'."),
                "--api-key" => options with { ApiKey = value },
                "--sensors" => Int(value, 1, 1_000_000, name, errors) is { } sensors ? options with { Sensors = sensors } : options,
                "--rate" => Int(value, 1, 100_000, name, errors) is { } rate ? options with { Rate = rate } : options,
                "--duration" => Int(value, 1, 3600, name, errors) is { } seconds ? options with { Duration = TimeSpan.FromSeconds(seconds) } : options,
                "--batch" => Int(value, 1, 100, name, errors) is { } batch ? options with { Batch = batch } : options,
                "--concurrency" => Int(value, 1, 64, name, errors) is { } concurrency ? options with { Concurrency = concurrency } : options,
                "--seed" => Int(value, int.MinValue, int.MaxValue, name, errors) is { } seed ? options with { Seed = seed } : options,
                "--alert-threshold" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var db) && db is >= 0 and <= 194
                    ? options with { AlertThreshold = db } : Fail(options, errors, $"--alert-threshold must be a number from 0 to 194, not '{value}'."),
                "--locations" => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } locations
                    ? options with { Locations = locations } : Fail(options, errors, "--locations needs at least one name."),
                "--alert-latency" => Uri.TryCreate(value, UriKind.Absolute, out var dynamo) && dynamo.Scheme is "http" or "https"
                    ? options with { AlertLatencyDynamoDb = dynamo } : Fail(options, errors, $"--alert-latency must be an http(s) URL of DynamoDB, not '{value}'."),
                _ => Fail(options, errors, $"Unknown option {name}."),
            };
        }

        if (options.ApiKey.Length == 0)
        {
            errors.Add($"No API key: set {ApiKeyVariable} to the noise source's key (locally the AppHost's parameter api-key-noise) or pass --api-key.");
        }

        return errors.Count == 0 ? (options, errors) : (null, errors);
    }

    private static int? Int(string value, int minimum, int maximum, string name, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum)
        {
            return number;
        }

        errors.Add($"{name} must be a whole number from {minimum} to {maximum}, not '{value}'.");
        return null;
    }

    private static LoadOptions Fail(LoadOptions options, List<string> errors, string message)
    {
        errors.Add(message);
        return options;
    }
}
