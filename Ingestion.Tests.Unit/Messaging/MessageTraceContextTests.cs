using System.Diagnostics;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Messaging.TraceContext;

namespace Ingestion.Tests.Messaging;

public sealed class MessageTraceContextTests
{
    [Fact]
    public void ContextInjectedByTheProducerIsExtractedByTheConsumer()
    {
        using var producer = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C);
        producer.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        producer.TraceStateString = "vendor=opaque";
        producer.AddBaggage("tenant", "acme");
        producer.AddBaggage("event_id", "e 1,2");
        producer.Start();

        var carrier = new Dictionary<string, string>(StringComparer.Ordinal);
        MessageTraceContext.Inject(carrier, producer);
        var extracted = MessageTraceContext.Extract(carrier);

        Assert.True(extracted.HasParent);
        Assert.Equal(producer.TraceId, extracted.Parent.TraceId);
        Assert.Equal(producer.SpanId, extracted.Parent.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, extracted.Parent.TraceFlags);
        Assert.True(extracted.Parent.IsRemote);
        Assert.Equal("vendor=opaque", extracted.Parent.TraceState);
        Assert.Equal(
            new Dictionary<string, string?> { ["tenant"] = "acme", ["event_id"] = "e 1,2" },
            extracted.Baggage.ToDictionary(b => b.Key, b => b.Value));
        Assert.Equal($"00-{producer.TraceId}-{producer.SpanId}-01", carrier[MessageAttributeNames.TraceParent]);
    }

    [Fact]
    public void WithoutTraceStateOrBaggageOnlyTraceParentIsWritten()
    {
        using var producer = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C).Start();

        var carrier = new Dictionary<string, string>();
        MessageTraceContext.Inject(carrier, producer);

        Assert.Equal([MessageAttributeNames.TraceParent], carrier.Keys);
    }

    [Fact]
    public void AttributesWithoutTraceParentHaveNoParent()
    {
        var extracted = MessageTraceContext.Extract(new Dictionary<string, string> { ["source"] = "sourceA" });

        Assert.False(extracted.HasParent);
        Assert.Empty(extracted.Baggage);
    }

    [Fact]
    public void MalformedTraceParentIsIgnored()
    {
        var extracted = MessageTraceContext.Extract(new Dictionary<string, string> { ["traceparent"] = "00-not-a-trace-01" });

        Assert.False(extracted.HasParent);
    }

    [Fact]
    public void TraceFieldsAreAddedToMessageAttributesAsStrings()
    {
        using var producer = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C);
        producer.TraceStateString = "k=v";
        producer.Start();
        var attributes = new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "sourceA") };

        var withContext = MessageTraceContext.WithTraceContext(attributes, producer);

        Assert.Equal(new SnsMessageAttribute("String", producer.Id!), withContext["traceparent"]);
        Assert.Equal(new SnsMessageAttribute("String", "k=v"), withContext["tracestate"]);
        Assert.Equal(new SnsMessageAttribute("String", "sourceA"), withContext["source"]);
        Assert.DoesNotContain("traceparent", attributes.Keys);
    }

    [Fact]
    public void TraceFieldsNeverPushAMessagePastTenAttributes()
    {
        using var producer = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C);
        producer.TraceStateString = "k=v";
        producer.AddBaggage("b", "1");
        producer.Start();
        var nine = Enumerable.Range(1, 9).ToDictionary(i => $"a{i}", i => new SnsMessageAttribute("String", "x"));
        var ten = Enumerable.Range(1, 10).ToDictionary(i => $"a{i}", i => new SnsMessageAttribute("String", "x"));

        var fromNine = MessageTraceContext.WithTraceContext(nine, producer);
        var fromTen = MessageTraceContext.WithTraceContext(ten, producer);

        Assert.Equal(10, fromNine.Count);
        Assert.Contains("traceparent", fromNine.Keys);
        Assert.Same(ten, fromTen);
    }

    [Fact]
    public void AnExistingTraceParentIsKept()
    {
        using var producer = new Activity("produce").SetIdFormat(ActivityIdFormat.W3C).Start();
        var attributes = new Dictionary<string, SnsMessageAttribute>
        {
            ["traceparent"] = new("String", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        };

        Assert.Same(attributes, MessageTraceContext.WithTraceContext(attributes, producer));
    }

    [Fact]
    public void WithoutAnActivityNothingIsAdded()
    {
        var attributes = new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "sourceA") };

        Assert.Same(attributes, MessageTraceContext.WithTraceContext(attributes, activity: null));
    }
}
