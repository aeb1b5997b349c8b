using Polly;

namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// Runs an AWS client's HTTP calls through a <see cref="ChaosPipeline"/>. Sits below the client's
/// own retry, so the client classifies and retries an injected fault as it would a real one.
/// </summary>
public sealed class ChaosHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.SendOnAsync(state.Request, token).ConfigureAwait(false),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);

    private Task<HttpResponseMessage> SendOnAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
