using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Api;
using Ingestion.Tests.Support;
using Ingestion.Tests.Workers;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Ordering;

/// <summary>
/// The README's promise, from the producer's side: of two updates of an item, the one acknowledged
/// last is what the item ends with. Real API instances (over HTTP, with a fake FIFO topic), the
/// topic's messages delivered in its order to the real worker pipeline on dynalite.
/// </summary>
public sealed class AcknowledgedOrderTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task OfTwoApiInstancesWhoseClocksDifferByMinutesTheLastAcknowledgedUpdateWins()
    {
        var topic = new FakeFifoTopic();
        await using var ahead = await StartApiAsync(topic, ApiHost.Now.AddMinutes(5));
        await using var behind = await StartApiAsync(topic, ApiHost.Now);

        await (await ahead.PostAsync(SampleEvents.Contract("c-two", "DRAFT", "two-draft"))).AssertAcceptedAsync();
        await (await behind.PostAsync(SampleEvents.Contract("c-two", "ACTIVE", "two-active"))).AssertAcceptedAsync();

        await DeliverAsync(topic);
        Assert.Equal("ACTIVE", await StatusAsync("CONTRACT#c-two"));
    }

    [Fact]
    public async Task APartialPublishBatchFailureThenTheResendEndsWithTheLastUpdate()
    {
        var topic = new FakeFifoTopic { Refuse = entry => entry.MessageAttributes[MessageAttributeNames.EventId].Value == "pb-draft" };
        await using var api = await StartApiAsync(topic, ApiHost.Now);
        var request = $"[{SampleEvents.Contract("c-pb", "DRAFT", "pb-draft")},{SampleEvents.Contract("c-pb", "ACTIVE", "pb-active")}]";

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await api.PostAsync(request)).StatusCode);
        topic.Refuse = _ => false;
        await (await api.PostAsync(request)).AssertAcceptedAsync();

        await DeliverAsync(topic);
        Assert.Equal("ACTIVE", await StatusAsync("CONTRACT#c-pb"));
    }

    private static async Task<RunningApi> StartApiAsync(FakeFifoTopic topic, DateTimeOffset clock)
    {
        var sns = new FakeSnsClient { OnPublishBatch = topic.PublishBatch };
        var app = ApiHost.Build(sns, new CapturedLogs(), new Dictionary<string, string?> { ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn },
            replaceServices: services => services.AddSingleton<TimeProvider>(new FixedTimeProvider(clock)));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningApi(app, ApiKeyHeaders.Client(new Uri(app.Urls.Single()), TimeSpan.FromSeconds(30)));
    }

    /// <summary>One consumer of the item's message group: the topic's messages in its order, each through the worker's pipeline.</summary>
    private async Task DeliverAsync(FakeFifoTopic topic)
    {
        var store = new DynamoDbItemStore(dynalite.Client, Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
            TimeProvider.System, NullLogger<DynamoDbItemStore>.Instance);
        using var services = WorkerServices.Build(store);
        var processor = services.GetRequiredService<IMessageProcessor>();
        foreach (var (entry, index) in topic.Accepted.Select((entry, index) => (entry, index)))
        {
            var message = TestMessages.Raw($"m-{index}", entry.MessageGroupId!, entry.Message,
                attributes: entry.MessageAttributes.ToDictionary(pair => pair.Key, pair => pair.Value.Value));
            var outcome = await processor.ProcessAsync(Ingestion.Workers.Messages.InboundMessage.From(message), default, CancellationToken.None);
            Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        }
    }

    private async Task<string?> StatusAsync(string itemId) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken)).Item.GetValueOrDefault("contract_status")?.S;

    private sealed class RunningApi(WebApplication app, HttpClient client) : IAsyncDisposable
    {
        public Task<HttpResponseMessage> PostAsync(string json) =>
            client.PostAsync("/sources/sourceB/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
