using Ingestion.Messaging.Aws.Chaos;
using Ingestion.Messaging.Aws.OperationLog;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Messaging.Aws;

/// <summary>
/// The handlers configuration puts in front of an AWS client's network calls, outermost first: the
/// operation log (so an injected fault is still recorded as a call made), then fault injection.
/// Both are off unless configured; with neither the SDK keeps its own HttpClient.
/// </summary>
public static class AwsHttpHandlers
{
    /// <returns>Factories of fresh handler instances (IHttpClientFactory rebuilds its chains), empty when nothing is configured.</returns>
    public static IReadOnlyList<Func<DelegatingHandler>> For(IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        List<Func<DelegatingHandler>> handlers = [];
        if (AwsOperationLogOptions.From(configuration) is { } log)
        {
            handlers.Add(() => new AwsOperationRecordingHandler(log));
        }

        if (ChaosSettings.From(configuration, service) is { } chaos)
        {
            if (chaos.FailedEntryRate > 0)
            {
                // One window per client, counted from its first request, like the pipeline's.
                var window = new ChaosWindow(chaos, TimeProvider.System);
                handlers.Add(() => new PublishBatchEntryFailures(chaos, window.IsOpen));
            }

            if (chaos.InjectionRate > 0)
            {
                // One pipeline per client: its window counts from the client's first request.
                var pipeline = ChaosPipeline.Build(chaos);
                handlers.Add(() => new ChaosHandler(pipeline));
            }
        }

        return handlers;
    }

    /// <summary>An HttpClient for a client we sign ourselves (Secrets Manager), through the configured handlers.</summary>
    public static HttpClient CreateHttpClient(IConfiguration configuration, string service, TimeSpan timeout) =>
        new(Chain(For(configuration, service))) { Timeout = timeout };

    internal static HttpMessageHandler Chain(IReadOnlyList<Func<DelegatingHandler>> handlers)
    {
        HttpMessageHandler inner = new SocketsHttpHandler();
        foreach (var create in handlers.Reverse())
        {
            var handler = create();
            handler.InnerHandler = inner;
            inner = handler;
        }

        return inner;
    }
}
