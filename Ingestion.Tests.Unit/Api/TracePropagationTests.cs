using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Api;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Api;

public sealed class TracePropagationTests : IClassFixture<ApiHost>, IDisposable
{
    private readonly ApiHost _api;
    private readonly ConcurrentDictionary<ActivitySpanId, Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TracePropagationTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is ApiTelemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => _spans[activity.SpanId] = activity,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task PublishedMessageCarriesASpanUnderTheHttpServerSpan()
    {
        var accepted = await (await _api.PostAsync("sourceC", SampleEvents.Milestone("m-trace"))).AssertAcceptedAsync();
        var traceId = accepted.GetProperty("trace_id").GetString()!;
        var entry = Assert.Single(_api.Sns.Entries);

        var create = await MessageSpanAsync(entry, traceId);

        Assert.Equal(ActivityKind.Producer, create.Kind);
        Assert.Equal(entry.MessageAttributes[MessageAttributeNames.EventId].Value, create.GetTagItem(ApiTelemetry.EventIdTag));
        Assert.Equal("MILESTONE", create.GetTagItem(ApiTelemetry.EntityNameTag));
        Assert.Equal("sourceC", create.GetTagItem(ApiTelemetry.SourceTag));
        var ingest = _spans[create.ParentSpanId];
        Assert.Equal("ingest sourceC", ingest.DisplayName);
        Assert.Equal(entry.MessageAttributes[MessageAttributeNames.EventId].Value, ingest.GetTagItem(ApiTelemetry.EventIdTag));
        await Eventually.TrueAsync(() => _spans.ContainsKey(ingest.ParentSpanId), "the server span has ended");
        Assert.Equal(ActivityKind.Server, _spans[ingest.ParentSpanId].Kind);

        // The shared PublishBatch runs on the batcher's task: it hangs under the message it carries and links to it.
        var send = Assert.Single(_spans.Values, span => span.DisplayName == "send data-ingestion.fifo" && span.TraceId.ToHexString() == traceId);
        Assert.Equal(create.SpanId, send.ParentSpanId);
        Assert.Equal(create.SpanId, Assert.Single(send.Links).Context.SpanId);
    }

    [Fact]
    public async Task EachMessageOfABatchCarriesItsOwnSpanInTheRequestsTrace()
    {
        var accepted = await (await _api.PostAsync("sourceA", SampleEvents.Batch(3, i => SampleEvents.Equipment($"e-{i}")))).AssertAcceptedAsync();
        var traceId = accepted.GetProperty("trace_id").GetString()!;

        var creates = await Task.WhenAll(_api.Sns.Entries.Select(entry => MessageSpanAsync(entry, traceId)));

        Assert.Equal(3, creates.Select(span => span.SpanId).Distinct().Count());
        Assert.Single(creates.Select(span => span.ParentSpanId).Distinct());
        var send = Assert.Single(_spans.Values, span => span.DisplayName == "send data-ingestion.fifo" && span.TraceId.ToHexString() == traceId);
        Assert.Equal(creates.Select(span => span.SpanId.ToHexString()).Order(StringComparer.Ordinal), send.Links.Select(link => link.Context.SpanId.ToHexString()).Order(StringComparer.Ordinal));
    }

    /// <summary>The span whose context the message carries, checked to be in the response's trace.</summary>
    private async Task<Activity> MessageSpanAsync(SnsBatchEntry entry, string traceId)
    {
        var traceParent = entry.MessageAttributes[MessageAttributeNames.TraceParent].Value.Split('-');
        Assert.Equal(traceId, traceParent[1]);
        var spanId = ActivitySpanId.CreateFromString(traceParent[2]);
        await Eventually.TrueAsync(() => _spans.ContainsKey(spanId), "the message's span has ended");
        return _spans[spanId];
    }
}
