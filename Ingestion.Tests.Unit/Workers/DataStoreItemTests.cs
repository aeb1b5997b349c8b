using Ingestion.Workers.Persistence;

namespace Ingestion.Tests.Workers;

public sealed class DataStoreItemTests
{
    private static readonly DateTimeOffset StoredAt = new(2026, 11, 24, 11, 40, 1, TimeSpan.Zero);

    [Fact]
    public void EveryJsonTypeBecomesItsDynamoDbType()
    {
        var message = TestMessages.Event("CONTRACT", """
            {"text":"a","empty":"","integer":85,"decimal":12345678901234567890.123456789,"exponent":1e3,
             "yes":true,"no":false,"nothing":null,"nested":{"inner":[1,"two",{"three":3}]},"list":[]}
            """);

        var item = DataStoreItem.Create("CONTRACT#c-1", message, StoredAt);

        Assert.Equal("a", item["text"].S);
        Assert.Equal("", item["empty"].S);
        Assert.Equal("85", item["integer"].N);
        Assert.Equal("12345678901234567890.123456789", item["decimal"].N);
        Assert.Equal("1e3", item["exponent"].N);
        Assert.True(item["yes"].BOOL);
        Assert.False(item["no"].BOOL);
        Assert.True(item["nothing"].NULL);
        var inner = item["nested"].M["inner"].L;
        Assert.Equal("1", inner[0].N);
        Assert.Equal("two", inner[1].S);
        Assert.Equal("3", inner[2].M["three"].N);
        Assert.Empty(item["list"].L);
    }

    [Fact]
    public void TheItemCarriesTheKeyTheIndexedEntityNameAndTheEventsStamps()
    {
        var message = TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"), "evt-7", new DateTimeOffset(2026, 11, 24, 12, 40, 0, TimeSpan.FromHours(1)));

        var item = DataStoreItem.Create("CONTRACT#c-1", message, StoredAt);

        Assert.Equal("CONTRACT#c-1", item["ID"].S);
        Assert.Equal("CONTRACT", item["ENTITY_NAME"].S);
        Assert.Equal("evt-7", item["EVENT_ID"].S);
        Assert.Equal("sourceB", item["SOURCE"].S);
        Assert.Equal("2026-11-24T11:40:00.0000000Z", item["RECEIVED_AT"].S);
        Assert.Equal("2026-11-24T11:40:01.0000000Z", item["STORED_AT"].S);
        Assert.Equal("c-1", item["contract_id"].S);
        Assert.False(item.ContainsKey("entity_name"));
    }

    [Fact]
    public void TheWorkersAttributesWinOverBodyFieldsOfTheSameName()
    {
        var item = DataStoreItem.Create("CONTRACT#c-1", TestMessages.Event("CONTRACT", """{"ID":"forged","contract_id":"c-1"}"""), StoredAt);

        Assert.Equal("CONTRACT#c-1", item["ID"].S);
    }

    [Fact]
    public void ReceivedAtStringsSortLikeTheInstantsTheyStandFor()
    {
        DateTimeOffset[] instants =
        [
            new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero).AddTicks(1),
            new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero).AddMilliseconds(100),
            new(2026, 11, 24, 11, 40, 1, TimeSpan.Zero),
            new(2026, 11, 24, 13, 0, 0, TimeSpan.FromHours(1)),
        ];

        var formatted = instants.Select(SortableTimestamp.Format).ToList();

        Assert.Equal(formatted, formatted.Order(StringComparer.Ordinal));
        Assert.All(formatted, text => Assert.Equal(28, text.Length));
    }
}
