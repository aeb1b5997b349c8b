using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Workers;

public sealed class MessageProcessorTests : IDisposable
{
    private readonly RecordingItemStore _store = new();
    private readonly ServiceProvider _services;
    private readonly IMessageProcessor _processor;

    public MessageProcessorTests()
    {
        _services = WorkerServices.Build(_store);
        _processor = _services.GetRequiredService<IMessageProcessor>();
    }

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData("CONTRACT", """{"contract_id":"c-1","contract_name":"n","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}""", "CONTRACT#c-1")]
    [InlineData("MILESTONE", """{"milestone_id":"m-1","contract_id":"c-1","description":"d","start_date":"2026-01-01","end_date":"2026-02-01"}""", "MILESTONE#m-1")]
    [InlineData("EQUIPMENT", """{"equipment_id":"e-1","contract_id":"c-1","parent_equipment_id":null}""", "EQUIPMENT#e-1")]
    [InlineData("READING", """{"location":"HydePark","sensor":"01","timestamp":"2026-11-24T12:40:00+01:00","db":85}""", "READING#HydePark#01#2026-11-24T11:40:00Z")]
    public async Task EachEntityIsStoredUnderItsPinnedId(string entityName, string body, string itemId)
    {
        var outcome = await Process(TestMessages.Json(TestMessages.Event(entityName, body)));

        Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        var (storedId, storedEvent) = Assert.Single(_store.Writes);
        Assert.Equal(itemId, storedId);
        Assert.Equal(entityName, storedEvent.EntityName);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"event_id":"evt-1","source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z"}""")]
    [InlineData("""{"event_id":null,"source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z","body":{}}""")]
    [InlineData("""{"event_id":"evt-1","source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z","body":[1]}""")]
    public async Task AnUnreadableEventIsRejectedForGoodAndStoresNothing(string body)
    {
        var outcome = await Process(body);

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.StartsWith("body is not an ingestion event", outcome.Reason);
        Assert.Empty(_store.Writes);
    }

    [Fact]
    public async Task AnUnknownEntityIsRejectedForGood()
    {
        var outcome = await Process(TestMessages.Json(TestMessages.Event("INVOICE", """{"invoice_id":"i-1"}""")));

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.Contains("INVOICE", outcome.Reason);
        Assert.Empty(_store.Writes);
    }

    [Fact]
    public async Task ABodyThatDoesNotMatchItsEntityIsRejectedForGood()
    {
        var outcome = await Process(TestMessages.Json(TestMessages.Event("CONTRACT", """{"equipment_id":"e-1"}""")));

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.Contains("not a valid CONTRACT", outcome.Reason);
    }

    [Fact]
    public async Task AHandlerThatThrowsFailsItsMessageWithoutThrowing()
    {
        _store.Throw = new InvalidOperationException("table is gone");

        var outcome = await Process(TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"))));

        Assert.Equal(MessageDisposition.Failed, outcome.Disposition);
        Assert.Contains("table is gone", outcome.Reason);
        Assert.False(outcome.StoreUnavailable);
    }

    [Fact]
    public async Task AValueDynamoDbRefusesIsRejectedForGood()
    {
        _store.Throw = new Amazon.DynamoDBv2.AmazonDynamoDBException("Item size has exceeded the maximum allowed size")
        {
            ErrorCode = "ValidationException",
            StatusCode = System.Net.HttpStatusCode.BadRequest,
        };

        var outcome = await Process(TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"))));

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.Contains("ValidationException", outcome.Reason);
    }

    [Fact]
    public async Task ThrottlingIsAFailureWorthRetrying()
    {
        _store.Throw = new Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException("slow down")
        {
            ErrorCode = "ProvisionedThroughputExceededException",
            StatusCode = System.Net.HttpStatusCode.BadRequest,
        };

        var outcome = await Process(TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"))));

        Assert.Equal(MessageDisposition.Failed, outcome.Disposition);
        // The store's outage, not the message's fault: the batch decides whether to charge it.
        Assert.True(outcome.StoreUnavailable);
    }

    [Fact]
    public async Task CancellationAtShutdownInterruptsRatherThanFails()
    {
        _store.Throw = new OperationCanceledException();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var outcome = await _processor.ProcessAsync(
            TestMessages.Inbound("m-1", "CONTRACT#c-1", TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1")))), default, cancelled.Token);

        Assert.Equal(MessageDisposition.Interrupted, outcome.Disposition);
    }

    private Task<MessageOutcome> Process(string body) =>
        _processor.ProcessAsync(TestMessages.Inbound("m-1", "CONTRACT#c-1", body), default, CancellationToken.None);
}
