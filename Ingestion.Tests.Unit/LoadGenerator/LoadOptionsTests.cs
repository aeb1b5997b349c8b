using Ingestion.LoadGenerator;

namespace Ingestion.Tests.LoadGenerator;

public sealed class LoadOptionsTests
{
    [Fact]
    public void DefaultsTargetTheLocalApi()
    {
        var (options, errors) = LoadOptions.Parse([], environmentApiKey: "key-from-the-environment");

        Assert.Empty(errors);
        Assert.Equal(new Uri("http://127.0.0.1:5080"), options!.Api);
        Assert.Equal("key-from-the-environment", options.ApiKey);
    }

    [Fact]
    public void WithoutAKeyTheRunDoesNotStartAndSaysWhereTheKeyIs()
    {
        var (options, errors) = LoadOptions.Parse(["--sensors", "5"]);

        Assert.Null(options);
        Assert.Contains(errors, e => e.Contains("INGESTION_API_KEY", StringComparison.Ordinal) && e.Contains("api-key-noise", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCommandLineKeyWinsOverTheEnvironment()
    {
        var (options, _) = LoadOptions.Parse(["--api-key", "from-the-command-line"], environmentApiKey: "from-the-environment");

        Assert.Equal("from-the-command-line", options!.ApiKey);
    }

    [Fact]
    public void OptionsAreRead()
    {
        var (options, _) = LoadOptions.Parse(["--api-key", "k", "--sensors", "50", "--rate", "20", "--duration", "3", "--batch", "10", "--seed", "9", "--locations", "HydePark,Kenwood"]);

        Assert.Equal((50, 20, TimeSpan.FromSeconds(3), 10, 9), (options!.Sensors, options.Rate, options.Duration, options.Batch, options.Seed));
        Assert.Equal(["HydePark", "Kenwood"], options.Locations);
    }

    [Fact]
    public void EveryBadOptionIsReportedAtOnce()
    {
        var (options, errors) = LoadOptions.Parse(["--batch", "500", "--api", "ftp://x", "--bogus", "1", "--duration"]);

        Assert.Null(options);
        Assert.Contains(errors, e => e.StartsWith("--batch must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("--api must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e == "Unknown option --bogus.");
        Assert.Contains(errors, e => e == "--duration needs a value.");
    }
}
