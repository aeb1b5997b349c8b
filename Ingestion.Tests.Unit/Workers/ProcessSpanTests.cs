using System.Diagnostics;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Workers;

public sealed class ProcessSpanTests : IDisposable
{
    private static readonly ActivityContext Producer = ActivityContext.Parse(TestMessages.TraceParent, null);
    private static readonly ActivityContext Receive = new(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
    private readonly CapturedSpans _collector = new(Ingestion.Workers.Telemetry.WorkerTelemetry.Name);

    public void Dispose() => _collector.Dispose();

    [Fact]
    public async Task InParentModeTheProcessSpanContinuesTheProducersTraceAndLinksTheReceive()
    {
        var span = await ProcessTracedMessage(TraceParentMode.Parent, "evt-parent");

        Assert.Equal(Producer.TraceId, span.TraceId);
        Assert.Equal(Producer.SpanId, span.ParentSpanId);
        Assert.Equal(Receive.SpanId, Assert.Single(span.Links).Context.SpanId);
    }

    [Fact]
    public async Task InLinkModeTheProcessSpanBelongsToTheReceiveAndLinksTheProducer()
    {
        var span = await ProcessTracedMessage(TraceParentMode.Link, "evt-link");

        Assert.Equal(Receive.TraceId, span.TraceId);
        Assert.Equal(Receive.SpanId, span.ParentSpanId);
        Assert.Equal(Producer.SpanId, Assert.Single(span.Links).Context.SpanId);
    }

    [Fact]
    public async Task InBatchModeAMessageHasNoProcessSpanOfItsOwn()
    {
        var attributes = new Dictionary<string, string> { ["traceparent"] = TestMessages.TraceParent };
        using var services = WorkerServices.Build(new RecordingItemStore(), TraceParentMode.Batch);
        var body = TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"), "evt-batch"));
        var message = Ingestion.Workers.Messages.InboundMessage.From(TestMessages.Raw("m-evt-batch", "CONTRACT#c-1", body, attributes: attributes));

        var outcome = await services.GetRequiredService<IMessageProcessor>().ProcessAsync(message, Receive, CancellationToken.None);

        Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        Assert.DoesNotContain(_collector.Stopped, span => Equals(span.GetTagItem("event_id"), "evt-batch"));
    }

    [Theory]
    [InlineData("archive", null, "Batch")]
    [InlineData("store", null, "Parent")]
    [InlineData("statistics", null, "Parent")]
    [InlineData("archive", "Parent", "Parent")]
    [InlineData("store", "Link", "Link")]
    public void TheArchiveTracesPerBatchUnlessTheSettingSaysOtherwise(string processor, string? configured, string expected)
    {
        var options = new WorkerOptions { Processor = processor, TraceParentMode = configured is null ? null : Enum.Parse<TraceParentMode>(configured) };

        Assert.Equal(Enum.Parse<TraceParentMode>(expected), options.Tracing);
    }

    [Fact]
    public async Task TheProcessSpanFollowsTheMessagingConventionsAndNamesTheEvent()
    {
        var span = await ProcessTracedMessage(TraceParentMode.Parent, "evt-tags");

        Assert.Equal("process ingestion-sourceB.fifo", span.DisplayName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("aws_sqs", span.GetTagItem("messaging.system"));
        Assert.Equal("ingestion-sourceB.fifo", span.GetTagItem("messaging.destination.name"));
        Assert.Equal("process", span.GetTagItem("messaging.operation.type"));
        Assert.Equal("m-evt-tags", span.GetTagItem("messaging.message.id"));
        Assert.Equal("sourceB", span.GetTagItem("source"));
        Assert.Equal("CONTRACT", span.GetTagItem("entity_name"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task AFailedMessagesProcessSpanIsAnError()
    {
        var span = await ProcessTracedMessage(TraceParentMode.Parent, "evt-bad", entityName: "INVOICE");

        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("unknown_entity", span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task TheProducersBaggageTravelsOnWithTheProcessSpan()
    {
        var span = await ProcessTracedMessage(TraceParentMode.Parent, "evt-baggage", baggage: "tenant=acme");

        Assert.Equal("acme", span.GetBaggageItem("tenant"));
    }

    private async Task<Activity> ProcessTracedMessage(TraceParentMode mode, string eventId, string entityName = "CONTRACT", string? baggage = null)
    {
        var attributes = new Dictionary<string, string> { ["traceparent"] = TestMessages.TraceParent };
        if (baggage is not null)
        {
            attributes["baggage"] = baggage;
        }

        using var services = WorkerServices.Build(new RecordingItemStore(), mode);
        var body = TestMessages.Json(TestMessages.Event(entityName, TestMessages.Contract("c-1"), eventId));
        var message = Ingestion.Workers.Messages.InboundMessage.From(TestMessages.Raw(
            $"m-{eventId}", "CONTRACT#c-1", body, attributes: attributes));

        await services.GetRequiredService<IMessageProcessor>().ProcessAsync(message, Receive, CancellationToken.None);

        return Assert.Single(_collector.Stopped, span => Equals(span.GetTagItem("event_id"), eventId));
    }
}
