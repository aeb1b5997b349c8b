using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ingestion.Testing.Otlp;

/// <summary>
/// An OTLP/HTTP (protobuf) receiver on a free loopback port. Point services at it with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT=<see cref="Endpoint"/></c> and
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>; it keeps every span it receives, once, for tests
/// to query, and passes each export (traces, logs, metrics) on unchanged to
/// <c>forwardTo</c> when given, so a dashboard still shows everything.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();
    private Uri? _forwardTo;
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();

    // An exporter that timed out waiting for us (the forward to a busy dashboard) sends the batch again.
    private readonly ConcurrentDictionary<(string TraceId, string SpanId), bool> _seen = new();
    private readonly SemaphoreSlim _received = new(0);

    private OtlpSink(WebApplication app, Uri? forwardTo)
    {
        _app = app;
        _forwardTo = forwardTo;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyCollection<ExportedSpan> Spans => _spans;

    public static async Task<OtlpSink> StartAsync(Uri? forwardTo = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var sink = new OtlpSink(builder.Build(), forwardTo);
        sink._app.MapPost("/v1/traces", sink.ReceiveTracesAsync);
        sink._app.MapPost("/v1/logs", context => sink.ForwardAsync(context, "v1/logs", null));
        sink._app.MapPost("/v1/metrics", context => sink.ForwardAsync(context, "v1/metrics", null));
        await sink._app.StartAsync(cancellationToken);
        sink.Endpoint = new Uri(sink._app.Urls.Single());
        return sink;
    }

    /// <summary>From now on, passes every export on to this OTLP/HTTP endpoint (e.g. once a dashboard's address is known).</summary>
    public void ForwardTo(Uri collector) => Volatile.Write(ref _forwardTo, collector);

    /// <summary>Waits until a received span satisfies <paramref name="match"/>; fails after <paramref name="timeout"/> with <paramref name="what"/>.</summary>
    public async Task<ExportedSpan> WaitForSpanAsync(Func<ExportedSpan, bool> match, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (_spans.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                // Wake on every export, and look again at least each second.
                await _received.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No exported span was {what} within {timeout.TotalSeconds:0} s ({_spans.Count} spans received).");
            }
        }
    }

    /// <summary>Every received span of one trace.</summary>
    public IReadOnlyList<ExportedSpan> Trace(string traceId) => _spans.Where(span => span.TraceId == traceId).ToList();

    private async Task ReceiveTracesAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        foreach (var span in OtlpTraceReader.Read(body.GetBuffer().AsSpan(0, (int)body.Length)))
        {
            if (_seen.TryAdd((span.TraceId, span.SpanId), true))
            {
                _spans.Enqueue(span);
            }
        }

        _received.Release();
        await ForwardAsync(context, "v1/traces", body);
    }

    private async Task ForwardAsync(HttpContext context, string path, MemoryStream? alreadyRead)
    {
        if (Volatile.Read(ref _forwardTo) is { } collector)
        {
            var body = alreadyRead ?? new MemoryStream();
            if (alreadyRead is null)
            {
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            }

            using var content = new ByteArrayContent(body.GetBuffer(), 0, (int)body.Length);
            content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType ?? "application/x-protobuf");
            try
            {
                using var _ = await _http.PostAsync(new Uri(collector, path), content, context.RequestAborted);
            }
            catch (HttpRequestException)
            {
                // The collector behind us is optional: the tests' own copy is what counts.
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/x-protobuf";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
