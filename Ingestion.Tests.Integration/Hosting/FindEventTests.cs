using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ingestion.Topology.Events;
using Ingestion.Tests.Workers;
using Ingestion.Messaging.Entities;

namespace Ingestion.Tests.Hosting;

/// <summary>The dashboard's Find event: by the event's applied record, a few GetItems however large the table, never a scan.</summary>
public sealed class FindEventTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task AnEventIsFoundThroughItsAppliedRecordEvenWhenALaterEventWroteTheItem()
    {
        // Applied first, then overwritten by a later event: the item's own EVENT_ID is the later one.
        await PutAsync(ItemKeys.AppliedEvent("CONTRACT", "find-evt-first"), (DataStoreAttributes.ItemId, "CONTRACT#c-find"), (DataStoreAttributes.AppliedEventId, "find-evt-first"));
        await PutAsync(ItemKeys.AppliedEvent("CONTRACT", "find-evt-later"), (DataStoreAttributes.ItemId, "CONTRACT#c-find"), (DataStoreAttributes.AppliedEventId, "find-evt-later"));
        await PutAsync("CONTRACT#c-find", (DataStoreAttributes.EntityName, "CONTRACT"), (DataStoreAttributes.EventId, "find-evt-later"), ("contract_status", "ACTIVE"));
        using var counted = new CountedDynamoDb(dynalite);

        var stored = await new StoredItemReader(counted.Client, DynaliteFixture.TableName).ReadAsync("find-evt-first", TestContext.Current.CancellationToken);

        Assert.NotNull(stored);
        Assert.Equal("CONTRACT#c-find", stored.ItemId);
        Assert.False(stored.AppliedRecordOnly);
        Assert.Equal("ACTIVE", stored.Item["contract_status"]!.GetValue<string>());
        // One GetItem per entity with applied records, one for the item: the table's size does not matter.
        Assert.Equal(["GetItem"], counted.Operations.Distinct());
        Assert.Equal(StoredItemReader.EntitiesWithAppliedRecords.Count + 1, counted.Operations.Count);
    }

    [Fact]
    public async Task AnIdHoldingHashesFindsItsOwnRecordNotAnotherEntitysLookalike()
    {
        await PutAsync(ItemKeys.AppliedEvent("READING", "find-y#find-e"), (DataStoreAttributes.ItemId, "READING#HydePark#01#2026-11-24T11:40:00Z"), (DataStoreAttributes.AppliedEventId, "find-y#find-e"));
        await PutAsync("READING#HydePark#01#2026-11-24T11:40:00Z", (DataStoreAttributes.EntityName, "READING"), ("db", "85"));

        var reader = new StoredItemReader(dynalite.Client, DynaliteFixture.TableName);

        Assert.Equal("READING#HydePark#01#2026-11-24T11:40:00Z", (await reader.ReadAsync("find-y#find-e", TestContext.Current.CancellationToken))?.ItemId);
        Assert.Null(await reader.ReadAsync("find-e", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AReadingIsFoundByItsItemIdAsItHasNoAppliedRecord()
    {
        await PutAsync("READING#Kenwood#07#2026-11-24T11:41:00Z", (DataStoreAttributes.EntityName, "READING"), (DataStoreAttributes.EventId, "evt-reading"));

        var stored = await new StoredItemReader(dynalite.Client, DynaliteFixture.TableName).ReadAsync("READING#Kenwood#07#2026-11-24T11:41:00Z", TestContext.Current.CancellationToken);

        Assert.Equal("evt-reading", stored?.Item[DataStoreAttributes.EventId]!.GetValue<string>());
    }

    [Fact]
    public async Task AnUnknownEventIsNotFound()
    {
        var reader = new StoredItemReader(dynalite.Client, DynaliteFixture.TableName);

        Assert.Null(await reader.ReadAsync("evt-never-sent", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnAppliedRecordWhoseItemIsGoneIsReportedAsTheRecord()
    {
        await PutAsync(ItemKeys.AppliedEvent("MILESTONE", "evt-orphan"), (DataStoreAttributes.ItemId, "MILESTONE#m-gone"), (DataStoreAttributes.AppliedEventId, "evt-orphan"));

        var stored = await new StoredItemReader(dynalite.Client, DynaliteFixture.TableName).ReadAsync("evt-orphan", TestContext.Current.CancellationToken);

        Assert.NotNull(stored);
        Assert.True(stored.AppliedRecordOnly);
        Assert.Equal("MILESTONE#m-gone", stored.ItemId);
    }

    [Fact]
    public async Task AnAppliedRecordIsReadAsTheWorkerWritesItAndOneNamingAnotherEventIsNotThisOnes()
    {
        var written = Ingestion.Workers.Persistence.AppliedRecord.Create("CONTRACT#c-other", SampleEvent("evt-someone-else"), "order", queuePosition: null, "hash", DateTimeOffset.UtcNow.AddDays(1));
        // Under this event's key, a record the worker wrote for another event (as a hash collision would).
        written[DataStoreAttributes.Id] = new AttributeValue { S = ItemKeys.AppliedEvent("CONTRACT", "evt-mine") };
        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = written }, TestContext.Current.CancellationToken);
        await PutAsync("CONTRACT#c-other", (DataStoreAttributes.EntityName, "CONTRACT"));
        var reader = new StoredItemReader(dynalite.Client, DynaliteFixture.TableName);

        Assert.Null(await reader.ReadAsync("evt-mine", TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TheAppliedKeyIsTheEntityAndTheBase64UrlSha256OfTheEventId()
    {
        // SHA-256("e-1") in base64url without padding, computed independently (Python's hashlib).
        Assert.Equal("APPLIED#CONTRACT#uU9SMZaqrNi9ue8NjPLh2Pm3ZqtQl_CG_1QbcRJpm3s", ItemKeys.AppliedEvent("CONTRACT", "e-1"));
        Assert.DoesNotContain('=', ItemKeys.AppliedEvent("CONTRACT", "e-1"));
        Assert.NotEqual(ItemKeys.AppliedEvent("CONTRACT", "x#y"), ItemKeys.AppliedEvent("CONTRACT", "x") + "#y");
    }

    private static Ingestion.Messaging.IngestionEvent SampleEvent(string eventId) =>
        new(eventId, "sourceB", "CONTRACT", DateTimeOffset.UtcNow, System.Text.Json.JsonDocument.Parse("{}").RootElement);

    private Task PutAsync(string id, params (string Name, string Value)[] attributes)
    {
        var item = attributes.ToDictionary(a => a.Name, a => new AttributeValue { S = a.Value });
        item[DataStoreAttributes.Id] = new AttributeValue { S = id };
        return dynalite.Client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = item }, TestContext.Current.CancellationToken);
    }

    /// <summary>A DynamoDB client on the same dynalite that records each operation it sends.</summary>
    private sealed class CountedDynamoDb : HttpClientFactory, IDisposable
    {
        private readonly ConcurrentQueue<string> _operations = new();
        private readonly HttpClient _http;

        public CountedDynamoDb(DynaliteFixture dynalite)
        {
            _http = new HttpClient(new CountingHandler(_operations) { InnerHandler = new SocketsHttpHandler() });
            Client = new AmazonDynamoDBClient(
                new BasicAWSCredentials("test", "test"),
                new AmazonDynamoDBConfig { ServiceURL = dynalite.Client.Config.ServiceURL, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, HttpClientFactory = this });
        }

        public AmazonDynamoDBClient Client { get; }

        public IReadOnlyList<string> Operations => [.. _operations];

        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _http;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

        public void Dispose()
        {
            Client.Dispose();
            _http.Dispose();
        }

        private sealed class CountingHandler(ConcurrentQueue<string> operations) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
                operations.Enqueue(target[(target.LastIndexOf('.') + 1)..]);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
