using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>Nothing accepted is lost, nothing is stored twice, nothing older wins, nothing rejected is published.</summary>
[Collection(TopologyCollection.Name)]
public sealed class DeliveryGuaranteesTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEventPostedTwiceIsStoredOnce()
    {
        var contractId = UniqueId("c");
        var key = UniqueId("idem");
        var first = await topology.PostAcceptedAsync("sourceB", Contract(contractId, name: "first"), idempotencyKey: key);
        var item = await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        // The same event again (same key), then a later event of the same contract as a marker:
        // FIFO order per contract means that once the marker is stored, the duplicate was handled.
        var second = await topology.PostAcceptedAsync("sourceB", Contract(contractId, name: "first"), idempotencyKey: key);
        var marker = await topology.PostAcceptedAsync("sourceB", Contract(contractId, name: "marker"));
        var final = await topology.WaitForItemAsync($"CONTRACT#{contractId}", i => i["EVENT_ID"].S == marker[0]);

        Assert.Equal(key, first[0]);
        Assert.Equal(first, second);
        Assert.Equal(key, item["EVENT_ID"].S);
        Assert.Equal("marker", final["contract_name"].S);
    }

    [Fact]
    public async Task AnOlderUpdateDoesNotOverwriteANewerOne()
    {
        var contractId = UniqueId("c");
        var newer = await topology.PostAcceptedAsync("sourceB", Contract(contractId, status: "COMPLETED"));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        // An update stamped an hour earlier arrives late, marked as a redrive (as the redriver marks it):
        // straight onto the queue, bypassing the API that would stamp it now.
        var older = new IngestionEvent(UniqueId("old"), "sourceB", "CONTRACT", DateTimeOffset.UtcNow.AddHours(-1),
            JsonSerializer.SerializeToElement(Contract(contractId, status: "DRAFT")["body"]));
        await SendToQueueAsync("sourceBQueueUrl", older, $"CONTRACT#{contractId}", resent: "redrive");
        var marker = new IngestionEvent(UniqueId("marker"), "sourceB", "CONTRACT", DateTimeOffset.UtcNow.AddHours(-2),
            JsonSerializer.SerializeToElement(Contract(contractId, status: "DRAFT")["body"]));
        await SendToQueueAsync("sourceBQueueUrl", marker, $"CONTRACT#{contractId}", resent: "redrive");

        // Both stale events have been consumed once the queue holds nothing of this group.
        await Eventually.TrueAsync(async () => await QueueIsEmptyAsync("sourceBQueueUrl"), StoreTimeout, "sourceB's queue to drain", Cancellation);
        var item = await topology.GetItemAsync($"CONTRACT#{contractId}");
        Assert.Equal("COMPLETED", item!["contract_status"].S);
        Assert.Equal(newer[0], item["EVENT_ID"].S);
    }

    [Fact]
    public async Task ARejectedBatchPublishesNothing()
    {
        var validId = UniqueId("c");
        var invalid = Contract(UniqueId("c"));
        invalid["body"]!["contract_type"] = "BARTER";
        var batch = new JsonArray(Contract(validId), invalid);

        using var response = await topology.PostAsync("sourceB", batch);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("contract_type", problem["errors"]!.ToJsonString(), StringComparison.Ordinal);

        // A later event for the valid contract is stored; the one from the rejected batch never was.
        var marker = await topology.PostAcceptedAsync("sourceB", Contract(validId, name: "marker"));
        var item = await topology.WaitForItemAsync($"CONTRACT#{validId}");
        Assert.Equal(marker[0], item["EVENT_ID"].S);
        Assert.Equal("marker", item["contract_name"].S);
    }

    [Fact]
    public async Task EachQueueReceivesOnlyItsOwnSourcesEvents()
    {
        // Read sourceA's queue while its worker is stopped, so nothing else consumes it.
        var equipmentId = UniqueId("e");
        await topology.StopAsync("worker-sourceA");
        try
        {
            await topology.PostAcceptedAsync("sourceB", Contract(UniqueId("c")));
            await topology.PostAcceptedAsync("sourceC", Milestone(UniqueId("m"), UniqueId("c")));
            await topology.PostAcceptedAsync("sourceA", Equipment(equipmentId, UniqueId("c")));

            var queueUrl = topology.Outputs["sourceAQueueUrl"];
            // Through the SDK: Debian's awscli (2.9) speaks SQS's query protocol, which fauxqs lacks.
            var messages = await Eventually.GetAsync(async () =>
            {
                var reply = await topology.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = 0,
                    MessageAttributeNames = ["All"],
                }, Cancellation);
                var received = reply.Messages ?? [];
                return received.Any(m => m.Body.Contains(equipmentId, StringComparison.Ordinal)) ? received : null;
            }, StoreTimeout, "sourceA's event in sourceA's queue", Cancellation);

            Assert.All(messages, m => Assert.Equal("sourceA", m.MessageAttributes[MessageAttributeNames.Source].StringValue));
        }
        finally
        {
            await topology.StartAsync("worker-sourceA");
        }

        await topology.WaitForItemAsync($"EQUIPMENT#{equipmentId}");
    }

    private async Task SendToQueueAsync(string queueOutput, IngestionEvent message, string groupId, string? resent = null)
    {
        var request = new SendMessageRequest
        {
            QueueUrl = topology.Outputs[queueOutput],
            MessageBody = JsonSerializer.Serialize(message),
            MessageGroupId = groupId,
            MessageDeduplicationId = message.EventId,
            MessageAttributes = new()
            {
                [MessageAttributeNames.Source] = new MessageAttributeValue { DataType = "String", StringValue = message.Source },
                [MessageAttributeNames.EntityName] = new MessageAttributeValue { DataType = "String", StringValue = message.EntityName },
                [MessageAttributeNames.EventId] = new MessageAttributeValue { DataType = "String", StringValue = message.EventId },
            },
        };
        if (resent is not null)
        {
            request.MessageAttributes[MessageAttributeNames.Resent] = new MessageAttributeValue { DataType = "String", StringValue = resent };
        }

        await topology.Sqs.SendMessageAsync(request, Cancellation);
    }

    private async Task<bool> QueueIsEmptyAsync(string queueOutput)
    {
        var attributes = await topology.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = topology.Outputs[queueOutput],
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }, Cancellation);
        return attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0;
    }
}
