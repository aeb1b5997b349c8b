using Ingestion.Testing.Otlp;
using static Ingestion.Tests.EndToEnd.TopologyClient;

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

        // Spans arrive in export batches, each process on its own schedule: wait for both ends.
        var server = await topology.Telemetry.WaitForSpanAsync(s => s.TraceId == traceId && s.Kind == ExportedSpanKind.Server && s.Service == "api", SpanTimeout, $"the API's server span of trace {traceId}", Cancellation);
        var write = await topology.Telemetry.WaitForSpanAsync(s => s.TraceId == traceId && IsDynamoDbWrite(s), SpanTimeout, $"the DynamoDB write of trace {traceId}", Cancellation);
        var spans = topology.Telemetry.Trace(traceId);
        var process = Assert.Single(spans, s => s.Kind == ExportedSpanKind.Consumer && s.Service == "worker-sourceB" && s.Name.StartsWith("process", StringComparison.Ordinal));
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
