using Polly;
using Polly.Simmy;
using Polly.Simmy.Fault;
using Polly.Simmy.Latency;
using Polly.Simmy.Outcomes;

namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// The chaos strategies for one service, built once per client: IHttpClientFactory rebuilds its
/// handlers every few minutes, and the window (counted from the first request) must survive that.
/// Polly's chaos strategies inject an outcome (the service's own error response), a fault (no
/// response) or latency, each at the configured rate while the window is open.
/// </summary>
public static class ChaosPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(ChaosSettings settings, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        timeProvider ??= TimeProvider.System;
        var window = new ChaosWindow(settings, timeProvider);
        ValueTask<bool> Enabled(EnabledGeneratorArguments _) => ValueTask.FromResult(window.IsOpen());

        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        return (settings.Fault switch
        {
            ChaosFault.Throttle => builder.AddChaosOutcome(Outcome(settings, Enabled, () => ChaosResponses.Throttle(settings.Service))),
            ChaosFault.ServerError => builder.AddChaosOutcome(Outcome(settings, Enabled, () => ChaosResponses.ServerError(settings.Service))),
            ChaosFault.Unreachable => builder.AddChaosFault(new ChaosFaultStrategyOptions
            {
                InjectionRate = settings.InjectionRate,
                EnabledGenerator = Enabled,
                FaultGenerator = _ => ValueTask.FromResult<Exception?>(
                    new HttpRequestException(HttpRequestError.ConnectionError, $"Chaos: {settings.Service} is unreachable (injected).")),
            }),
            ChaosFault.Latency => builder.AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = settings.InjectionRate,
                EnabledGenerator = Enabled,
                Latency = settings.Latency,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Fault, "Unknown chaos fault."),
        }).Build();
    }

    private static ChaosOutcomeStrategyOptions<HttpResponseMessage> Outcome(
        ChaosSettings settings, Func<EnabledGeneratorArguments, ValueTask<bool>> enabled, Func<HttpResponseMessage> response) => new()
    {
        InjectionRate = settings.InjectionRate,
        EnabledGenerator = enabled,
        OutcomeGenerator = _ => ValueTask.FromResult<Outcome<HttpResponseMessage>?>(Polly.Outcome.FromResult(response())),
    };
}
