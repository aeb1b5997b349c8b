using Aspire.Hosting;
using Ingestion.Topology.Events;
using Ingestion.Topology.Queues;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// An event that cannot be stored (DynamoDB is down) is dead-lettered; the dashboard's commands
/// find it there and list it with a link to its trace, whose spans say what failed; once
/// DynamoDB is back (and the stack redeployed into it), a redrive from the dashboard stores it.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class DeadLetterJourneyTests(TopologyFixture topology)
{
    private const string DeadLetterQueue = "ingestion-sourceC-dlq";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADeadLetteredEventIsFoundListedAndStoredByARedrive()
    {
        var milestoneId = UniqueId("m");
        // The API numbers events in the table, so it accepts only while DynamoDB is up: accept the
        // event while its worker is stopped, then take the table away before the worker sees it. An
        // outage of DynamoDB itself would not do: the worker waits that out without charging the
        // message; a missing table is an error DynamoDB answers, retried until the last receive.
        await topology.StopAsync("worker-sourceC");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceC", Milestone(milestoneId, UniqueId("c")));
        await topology.DynamoDb.DeleteTableAsync(topology.Outputs["DataStoreTableName"], Cancellation);
        await topology.StartAsync("worker-sourceC");
        try
        {

            var found = await Eventually.GetAsync(async () =>
            {
                var result = await FindAsync(eventId);
                return result.Message!.Contains("dead-lettered", StringComparison.Ordinal) ? result : null;
            }, TimeSpan.FromSeconds(90), $"event {eventId} to be dead-lettered", Cancellation);
            Assert.Contains(DeadLetterQueue, found.Message, StringComparison.Ordinal);

            var listed = await topology.ExecuteCommandAsync(DeadLetterQueue, DeadLetterCommands.List);
            Assert.True(listed.Success, listed.Message);
            Assert.Contains(eventId, listed.Data!.Value, StringComparison.Ordinal);
            Assert.Contains(traceId, listed.Data.Value, StringComparison.Ordinal);

            // The trace it links to says why: the worker's attempts failed in DynamoDB.
            var failed = await topology.Telemetry.WaitForSpanAsync(
                s => s.TraceId == traceId && s.Service == "worker-sourceC" && s.IsError, TimeSpan.FromSeconds(30), "a failed worker span", Cancellation);
            Assert.NotNull(failed.StatusMessage ?? failed.Attribute("error.type"));
        }
        finally
        {
            // In memory, the restarted emulator is empty: the stack deploys the template into it again.
            await topology.StopAsync("dynalite");
            await topology.StartAsync("dynalite");
        }

        await Eventually.TrueAsync(TableExistsAsync, TimeSpan.FromSeconds(30), "the datastore table to be redeployed", Cancellation);
        var redrive = await topology.ExecuteCommandAsync(DeadLetterQueue, DeadLetterCommands.Redrive);
        Assert.True(redrive.Success, redrive.Message);

        var item = await topology.WaitForItemAsync($"MILESTONE#{milestoneId}");
        Assert.Equal(eventId, item["EVENT_ID"].S);
        var stored = await FindAsync(eventId);
        Assert.Contains($"MILESTONE#{milestoneId}", stored.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownEventIsNotFound()
    {
        var result = await FindAsync("no-such-event-" + Guid.NewGuid().ToString("N"));

        Assert.True(result.Success);
        Assert.Contains("not found", result.Message, StringComparison.Ordinal);
        Assert.Contains("**Not found**", result.Data!.Value, StringComparison.Ordinal);
    }

    private Task<Aspire.Hosting.ApplicationModel.ExecuteCommandResult> FindAsync(string eventId) =>
        topology.ExecuteCommandAsync("ingestion", FindEventCommand.Name, new InteractionInputCollection(
            [new InteractionInput { Name = FindEventCommand.EventIdArgument, InputType = InputType.Text, Value = eventId }]));

    private async Task<bool> TableExistsAsync()
    {
        try
        {
            var table = await topology.DynamoDb.DescribeTableAsync(topology.Outputs["DataStoreTableName"], Cancellation);
            return table.Table.TableStatus == Amazon.DynamoDBv2.TableStatus.ACTIVE;
        }
        catch (Exception exception) when (exception is Amazon.DynamoDBv2.Model.ResourceNotFoundException or HttpRequestException)
        {
            return false;
        }
    }
}
