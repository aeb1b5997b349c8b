using Ingestion.Testing.Otlp;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// One event is one trace, HTTP POST → SNS publish → SQS → worker → DynamoDB, across processes,
/// read from the spans the services really exported (to the tests' OTLP sink).
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class TracingTests(TopologyFixture topology)
{
    private static readonly TimeSpan SpanTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnePostedEventIsOneTraceFromTheHttpPostToTheDynamoDbWrite()
    {
        var contractId = UniqueId("c");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceB", Contract(contractId));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        // Spans arrive in export batches, each process on its own schedule (a parent ends, and is
        // exported, after its children): wait for the write and then every span above it.
        var write = await topology.Telemetry.WaitForSpanAsync(s => s.TraceId == traceId && IsDynamoDbWrite(s), SpanTimeout, $"the DynamoDB write of trace {traceId}", Cancellation);
        var chain = await WaitForAncestorsAsync(write);
        var server = Assert.Single(chain, s => s.Kind == ExportedSpanKind.Server && s.Service == "api");
        var process = Assert.Single(chain, s => s.Kind == ExportedSpanKind.Consumer && s.Service == "worker-sourceB" && s.Name.StartsWith("process", StringComparison.Ordinal));
        var spans = topology.Telemetry.Trace(traceId);
        // The worker continues the message's creation context, the API's producer span for this event.
        var publish = Assert.Single(Ancestors(process, spans), s => s.Kind == ExportedSpanKind.Producer && s.Service == "api");

        Assert.Equal("worker-sourceB", write.Service);
        Assert.Contains(server, Ancestors(publish, spans));
        Assert.Contains(process, Ancestors(write, spans));
        Assert.Equal(eventId, process.Attribute("event_id"));
        Assert.Equal("sourceB", process.Attribute("source"));
    }

    [Fact]
    public async Task AnEventIdFindsItsTraceOnBothSidesOfTheQueue()
    {
        var contractId = UniqueId("c");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceB", Contract(contractId));

        // The dashboard's traces page filters on span attributes: event_id must be on the API's and the worker's spans.
        var produced = await topology.Telemetry.WaitForSpanAsync(s => s.Service == "api" && s.Attribute("event_id") == eventId, SpanTimeout, $"an API span with event_id {eventId}", Cancellation);
        var processed = await topology.Telemetry.WaitForSpanAsync(s => s.Service == "worker-sourceB" && s.Attribute("event_id") == eventId, SpanTimeout, $"a worker span with event_id {eventId}", Cancellation);

        Assert.Equal(traceId, produced.TraceId);
        Assert.Equal(traceId, processed.TraceId);
    }

    /// <summary>The span's ancestors up to the trace's root, waiting for each one to be exported.</summary>
    private async Task<List<ExportedSpan>> WaitForAncestorsAsync(ExportedSpan span)
    {
        var chain = new List<ExportedSpan>();
        for (var parentId = span.ParentSpanId; parentId is not null;)
        {
            var id = parentId;
            var parent = await topology.Telemetry.WaitForSpanAsync(s => s.TraceId == span.TraceId && s.SpanId == id, SpanTimeout, $"span {id} of trace {span.TraceId}", Cancellation);
            chain.Add(parent);
            parentId = parent.ParentSpanId;
        }

        return chain;
    }

    private static bool IsDynamoDbWrite(ExportedSpan span) => span.Attribute("db.operation.name") == "PutItem" && span.Kind == ExportedSpanKind.Client;

    private static List<ExportedSpan> Ancestors(ExportedSpan span, IReadOnlyList<ExportedSpan> spans)
    {
        var ancestors = new List<ExportedSpan>();
        for (var parent = span.ParentSpanId; parent is not null;)
        {
            var next = spans.FirstOrDefault(s => s.SpanId == parent);
            if (next is null)
            {
                break;
            }

            ancestors.Add(next);
            parent = next.ParentSpanId;
        }

        return ancestors;
    }
}
