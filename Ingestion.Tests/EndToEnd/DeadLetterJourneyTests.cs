using System.Text.Json.Nodes;
using Ingestion.AppHost.Model;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// An event that cannot be stored (DynamoDB is down) is dead-lettered with its error on its
/// journey; once DynamoDB is back, a redrive from the dashboard stores it.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class DeadLetterJourneyTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADeadLetteredEventShowsItsErrorAndARedriveStoresIt()
    {
        var milestoneId = UniqueId("m");
        // The API numbers events in the table, so it accepts only while DynamoDB is up: accept the
        // event while its worker is stopped, then take DynamoDB away before the worker sees it.
        await topology.App.Resources.StopAsync("worker-sourceC", Cancellation);
        var eventId = (await topology.PostAcceptedAsync("sourceC", Milestone(milestoneId, UniqueId("c"))))[0];
        await topology.App.Resources.StopAsync("dynalite", Cancellation);
        await topology.App.Resources.StartAsync("worker-sourceC", Cancellation);
        try
        {

            var journey = await Eventually.GetAsync(async () =>
            {
                var node = await GetJsonAsync($"/api/events/{eventId}");
                return node?["status"]?.GetValue<string>() == "dead_lettered" ? node : null;
            }, TimeSpan.FromSeconds(90), $"event {eventId} to be dead-lettered", Cancellation);

            // The worker's failure (DynamoDB unreachable) is on the journey, on the dead letter and in the errors.
            Assert.Contains("Connection refused", journey["summary"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("Connection refused", journey["deadLetter"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains(journey["errors"]!.AsArray(), e => e!["resource"]!.GetValue<string>() == "worker-sourceC");
        }
        finally
        {
            // In memory, the restarted emulator is empty: the AppHost deploys the template again.
            await topology.App.Resources.StartAsync("dynalite", Cancellation);
        }

        await Eventually.TrueAsync(async () => await TableExistsAsync(), TimeSpan.FromSeconds(30), "the datastore table to be redeployed", Cancellation);
        using var redrive = await topology.Dashboard.PostAsync("/api/queues/sourceC/redrive", content: null, Cancellation);
        Assert.True(redrive.IsSuccessStatusCode, $"{(int)redrive.StatusCode}: {await redrive.Content.ReadAsStringAsync(Cancellation)}");

        var item = await topology.WaitForItemAsync($"MILESTONE#{milestoneId}");
        Assert.Equal(eventId, item["EVENT_ID"].S);
        var stored = await Eventually.GetAsync(async () =>
        {
            var node = await GetJsonAsync($"/api/events/{eventId}");
            return node?["status"]?.GetValue<string>() == "stored" ? node : null;
        }, TimeSpan.FromSeconds(30), $"event {eventId}'s journey to say stored", Cancellation);
        Assert.Equal(eventId, stored["eventId"]?.GetValue<string>() ?? eventId);
    }

    private async Task<bool> TableExistsAsync()
    {
        try
        {
            var table = await topology.DynamoDb.DescribeTableAsync(topology.Outputs["DataStoreTableName"], Cancellation);
            return table.Table.TableStatus == Amazon.DynamoDBv2.TableStatus.ACTIVE
                && topology.App.Resources.GetResources().Single(r => r.Name == "dynalite").State == ResourceState.Running;
        }
        catch (Amazon.DynamoDBv2.Model.ResourceNotFoundException)
        {
            return false;
        }
    }

    private async Task<JsonNode?> GetJsonAsync(string path)
    {
        using var response = await topology.Dashboard.GetAsync(path, Cancellation);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation)) : null;
    }
}
