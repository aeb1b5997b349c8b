using System.Globalization;

namespace Ingestion.Benchmarks;

/// <summary>The command line: <c>--name value</c> pairs, all optional (<c>--help</c> lists them).</summary>
internal sealed record BenchmarkOptions
{
    public string Label { get; init; } = "benchmark";
    public string Output { get; init; } = "docs/benchmark";
    public string Notes { get; init; } = "";
    public IReadOnlyList<double> Levels { get; init; } = [250, 500, 1000, 1500, 2000, 2500, 3000, 4000, 6000, 8000];
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan StageDuration { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan BlogDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan FloodDuration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public int BatchSize { get; init; } = 10;
    public int FloodConnections { get; init; } = 16;
    public int MaxInFlight { get; init; } = 64;
    public bool SkipStages { get; init; }
    public bool SkipBlog { get; init; }
    public bool AllowBusy { get; init; }
    public IReadOnlyList<string> AppHostArguments { get; init; } = [];

    public const string Help = """
        dotnet run -c Release --project Ingestion.Benchmarks -- [options]
          --label <text>            report title (default: benchmark)
          --output <dir>            report.md, report.json, chart.svg (default: docs/benchmark)
          --notes <text>            a note for the report (e.g. "busy machine")
          --levels <a,b,...>        offered loads in events/s (default: 250,500,1000,1500,2000,2500,3000,4000,6000,8000)
          --step-seconds <n>        seconds per load level (10)
          --stage-seconds <n>       seconds per stage ceiling (5)
          --blog-seconds <n>        seconds of the blog's design (10)
          --flood-seconds <n>       seconds of the closed-loop flood (10)
          --flood-connections <n>   its connections (16)
          --batch-size <n>          events per request (10)
          --drain-seconds <n>       longest wait for a level's backlog (120)
          --skip-stages, --skip-blog
          --allow-busy              run even beside another topology's processes (the report says so)
          --apphost-arg <arg>       one more AppHost argument, to compare a setting (repeatable), e.g.
                                    --apphost-arg --AppHost:ServiceEnvironment:OTEL_BSP_SCHEDULE_DELAY=5000
        """;

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var index = 0; index < args.Count; index++)
        {
            string Next() => index + 1 < args.Count ? args[++index] : throw new ArgumentException($"{args[index]} needs a value");
            TimeSpan Seconds() => TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture));
            options = args[index] switch
            {
                "--label" => options with { Label = Next() },
                "--output" => options with { Output = Next() },
                "--notes" => options with { Notes = Next() },
                "--levels" => options with { Levels = [.. Next().Split(',').Select(level => double.Parse(level, CultureInfo.InvariantCulture))] },
                "--step-seconds" => options with { StepDuration = Seconds() },
                "--stage-seconds" => options with { StageDuration = Seconds() },
                "--blog-seconds" => options with { BlogDuration = Seconds() },
                "--flood-seconds" => options with { FloodDuration = Seconds() },
                "--flood-connections" => options with { FloodConnections = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch-size" => options with { BatchSize = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--drain-seconds" => options with { DrainTimeout = Seconds() },
                "--skip-stages" => options with { SkipStages = true },
                "--skip-blog" => options with { SkipBlog = true },
                "--allow-busy" => options with { AllowBusy = true },
                "--apphost-arg" => options with { AppHostArguments = [.. options.AppHostArguments, Next()] },
                _ => throw new ArgumentException($"unknown option {args[index]}\n{Help}"),
            };
        }

        return options;
    }
}
