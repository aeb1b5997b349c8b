using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace Ingestion.Tests.Hosting;

/// <summary>
/// Every service keeps at most Telemetry:MaxTracesPerSecond traces a second, whole: a span follows its
/// parent's decision, in the same process or across a message. Each host here listens to a source of
/// its own, so other tests' hosts (which keep every trace) cannot record these spans for it. The class
/// runs alone: the host also listens to HttpClient's and ASP.NET Core's sources, process-wide, so a
/// root span another test starts meanwhile (any HttpClient call) takes one of the second's traces.
/// </summary>
[Collection(nameof(TraceRateSamplerTests))]
public sealed class TraceRateSamplerTests
{
    [Fact]
    public void TracesBeyondTheRateInOneSecondAreDroppedWholeAndTheNextSecondStartsAfresh()
    {
        var time = new SteppedTime();
        using var service = new TracedService(("Telemetry:MaxTracesPerSecond", "2"), time);

        Assert.Equal([true, true], [service.Root(), service.Root()]);
        using (var dropped = service.Source.StartActivity("third"))
        {
            // Dropped, yet it exists, so its context (flags 00) still travels with the message it sends.
            Assert.NotNull(dropped);
            Assert.False(dropped.Recorded);
            using var child = service.Source.StartActivity("child");
            Assert.False(child?.Recorded ?? false);
        }

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(service.Root());
    }

    [Fact]
    public void ASpanOfAnotherProcessesSampledTraceIsKeptWhateverTheRate()
    {
        using var service = new TracedService(("Telemetry:MaxTracesPerSecond", "1"), new SteppedTime());
        Assert.True(service.Root());

        var producer = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        var notSampled = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using var process = service.Source.StartActivity("process", ActivityKind.Consumer, producer);
        using var other = service.Source.StartActivity("process", ActivityKind.Consumer, notSampled);

        Assert.True(process?.Recorded);
        Assert.False(other?.Recorded ?? false);
    }

    [Fact]
    public void ByDefaultTenTracesASecondAreKept()
    {
        using var service = new TracedService(null, new SteppedTime());

        var kept = Enumerable.Range(0, 50).Count(_ => service.Root());

        Assert.Equal(10, kept);
    }

    [Fact]
    public void ZeroKeepsEveryTrace()
    {
        using var service = new TracedService(("Telemetry:MaxTracesPerSecond", "0"), new SteppedTime());

        Assert.All(Enumerable.Range(0, 300), _ => Assert.True(service.Root()));
    }

    [Fact]
    public void TheStandardSamplerVariableDecidesWhenSet()
    {
        using var service = new TracedService(("OTEL_TRACES_SAMPLER", "always_off"), new SteppedTime());

        Assert.False(service.Root());
    }

    [Fact]
    public void ARateThatIsNotANumberStopsTheStart()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => new TracedService(("Telemetry:MaxTracesPerSecond", "many"), new SteppedTime()));

        Assert.Contains("Telemetry:MaxTracesPerSecond", failure.Message);
    }

    /// <summary>A host with the service defaults whose application name (one of the sources it traces) is its own.</summary>
    private sealed class TracedService : IDisposable
    {
        private readonly IHost _host;

        public TracedService((string Key, string Value)? setting, TimeProvider time)
        {
            var name = $"trace-rate-{Guid.NewGuid():N}";
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name, DisableDefaults = true });
            if (setting is { } configured)
            {
                builder.Configuration[configured.Key] = configured.Value;
            }

            builder.Services.AddSingleton(time);
            builder.AddServiceDefaults();
            _host = builder.Build();
            _ = _host.Services.GetRequiredService<TracerProvider>();
            Source = new ActivitySource(name);
        }

        public ActivitySource Source { get; }

        /// <summary>Starts and ends a trace's first span; whether it was kept.</summary>
        public bool Root()
        {
            Assert.Null(Activity.Current);
            using var root = Source.StartActivity("root");
            return root?.Recorded ?? false;
        }

        public void Dispose()
        {
            Source.Dispose();
            _host.Dispose();
        }
    }

    private sealed class SteppedTime : TimeProvider
    {
        private long _ticks = TimeSpan.FromDays(1).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}

/// <summary>Runs <see cref="TraceRateSamplerTests"/> with no other test in parallel.</summary>
[CollectionDefinition(nameof(TraceRateSamplerTests), DisableParallelization = true)]
public sealed class TraceRateSamplerCollection;
