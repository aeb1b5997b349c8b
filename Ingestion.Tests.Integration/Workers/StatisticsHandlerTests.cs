using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Microsoft.Extensions.Options;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The statistics processor against a real dynalite: windows by minute, idempotent under redelivery.</summary>
public sealed class StatisticsHandlerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    private static readonly IOptions<DataStoreOptions> DataStore = Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName });

    private static readonly IOptions<NoisyEpisodeOptions> Episodes = Options.Create(new NoisyEpisodeOptions { EpisodeThresholdDb = 70, EpisodeMinutes = 3 });

    private readonly EpisodeStore _episodes = new(dynalite.Client, DataStore, Episodes);

    private readonly StatisticsHandler _handler = new(new StatisticsWindows(dynalite.Client, DataStore, new EpisodeStore(dynalite.Client, DataStore, Episodes), Episodes));

    private StatisticsHandler Handler => _handler;

    [Fact]
    public async Task ReadingsWhoseEventIdsDifferOnlyInPunctuationCountTwice()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];

        await HandleAsync("t5-a1", location, Minute.AddSeconds(1), 60);
        await HandleAsync("t5a1", location, Minute.AddSeconds(2), 80);

        var item = await GetAsync(NoiseWindow.ItemId(location, Minute));
        Assert.Equal(("2", "70"), (item["COUNT"].N, item["MEAN_DB"].N));
    }

    [Fact]
    public async Task ConcurrentReadingsLeaveASummaryOfAllOfThem()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var decibels = Enumerable.Range(0, 30).Select(i => 60.0 + i).ToList();

        await Task.WhenAll(decibels.Select((db, index) => HandleAsync($"c-{index}", location, Minute.AddSeconds(index), db)));

        var item = await GetAsync(NoiseWindow.ItemId(location, Minute));
        var expected = NoiseWindow.Compute(decibels);
        Assert.Equal("30", item["COUNT"].N);
        Assert.Equal((expected.MaxDb, expected.MeanDb, expected.P95Db),
            (double.Parse(item["MAX_DB"].N, CultureInfo.InvariantCulture), double.Parse(item["MEAN_DB"].N, CultureInfo.InvariantCulture), double.Parse(item["P95_DB"].N, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task AReadingSentTwiceWithDifferentEventIdsCountsOnce()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];

        await HandleAsync("first", location, Minute.AddSeconds(1.5), 90);
        await HandleAsync("second", location, Minute.AddSeconds(1.5).ToOffset(TimeSpan.FromHours(1)), 90);
        await HandleAsync("other", location, Minute.AddSeconds(2), 60);

        var item = await GetAsync(NoiseWindow.ItemId(location, Minute));
        Assert.Equal(("2", "75", "90"), (item["COUNT"].N, item["MEAN_DB"].N, item["MAX_DB"].N));
    }

    [Fact]
    public async Task ARedeliveryAfterTheWindowWasWrittenButBeforeTheRecordCountsOnceAndFinishes()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var windowId = NoiseWindow.ItemId(location, Minute);
        await HandleAsync("crash", location, Minute.AddSeconds(1), 90);
        var readingId = Ingestion.Messaging.Entities.ItemKeys.Reading(location, "s1", Minute.AddSeconds(1));

        // Back to where a delivery that died after writing the window would have left it: counted, in APPLYING, no record.
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(readingId)), 0, 12);
        await dynalite.Client.DeleteItemAsync(DynaliteFixture.TableName, new() { ["ID"] = new AttributeValue { S = Ingestion.Messaging.Entities.ItemKeys.Applied(windowId, readingId) } }, TestContext.Current.CancellationToken);
        await dynalite.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = windowId } },
            UpdateExpression = "ADD #applying :hash",
            ExpressionAttributeNames = new() { ["#applying"] = "APPLYING" },
            ExpressionAttributeValues = new() { [":hash"] = new AttributeValue { SS = [hash] } },
        }, TestContext.Current.CancellationToken);

        await HandleAsync("crash", location, Minute.AddSeconds(1), 90);
        await HandleAsync("next", location, Minute.AddSeconds(2), 70);

        var item = await GetAsync(windowId);
        Assert.Equal(("2", "80"), (item["COUNT"].N, item["MEAN_DB"].N));
        Assert.NotEmpty(await GetAsync(Ingestion.Messaging.Entities.ItemKeys.Applied(windowId, readingId)));
        Assert.DoesNotContain(hash, item.GetValueOrDefault("APPLYING")?.SS ?? []);
    }

    [Fact]
    public async Task ARedeliveryAfterTheWindowWasWrittenButBeforeTheEpisodeWasUpdatesTheEpisode()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var episodeId = $"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z";
        await HandleAsync("m1", location, Minute.AddSeconds(5), 80);
        await HandleAsync("m2", location, Minute.AddMinutes(1).AddSeconds(5), 80);
        await HandleAsync("m3", location, Minute.AddMinutes(2).AddSeconds(5), 80);

        // Where a delivery that died after its window write would have left it: the episode not written.
        await dynalite.Client.DeleteItemAsync(DynaliteFixture.TableName, new() { ["ID"] = new AttributeValue { S = episodeId } }, TestContext.Current.CancellationToken);
        await dynalite.Client.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = NoiseWindow.ItemId(location, Minute.AddMinutes(2)) } },
            UpdateExpression = "SET EPISODE_PENDING = :pending",
            ExpressionAttributeValues = new() { [":pending"] = new AttributeValue { BOOL = true } },
        }, TestContext.Current.CancellationToken);

        // A fresh worker (it remembers nothing) gets the message again.
        var redelivery = new StatisticsHandler(new StatisticsWindows(dynalite.Client, DataStore, new EpisodeStore(dynalite.Client, DataStore, Episodes), Episodes));
        var reading = new Reading(location, "s1", Minute.AddMinutes(2).AddSeconds(5), 80);
        var message = new IngestionEvent("m3", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading));
        await redelivery.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);

        Assert.Equal(("open", "80"), ((await GetAsync(episodeId))["STATUS"].S, (await GetAsync(episodeId))["PEAK_DB"].N));
    }

    [Fact]
    public async Task ALateReadingThatMovesAnEpisodesStartLeavesOneEpisode()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        await HandleAsync("m1", location, Minute.AddSeconds(5), 80);
        await HandleAsync("m2", location, Minute.AddMinutes(1).AddSeconds(5), 80);
        await HandleAsync("m3", location, Minute.AddMinutes(2).AddSeconds(5), 80);
        Assert.NotEmpty(await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z"));

        // A noisy minute before it arrives late: the episode now starts a minute earlier.
        await HandleAsync("m0", location, Minute.AddMinutes(-1).AddSeconds(5), 90);

        Assert.Empty(await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z"));
        var moved = await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:39:00Z");
        Assert.Equal(("2026-11-24T11:43:00Z", "90"), (moved["END"].S, moved["PEAK_DB"].N));
    }

    [Fact]
    public async Task AQuietLateReadingThatSplitsAnEpisodeLeavesOnlyTheRunsLongEnough()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        for (var minute = 0; minute < 5; minute++)
        {
            await HandleAsync($"n{minute}", location, Minute.AddMinutes(minute).AddSeconds(5), 80);
        }

        Assert.Equal("2026-11-24T11:45:00Z", (await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z"))["END"].S);

        // Late quiet readings bring minute 11:43's mean under the threshold: 11:40-11:43 stays an episode, 11:44 alone is none.
        await HandleAsync("q1", location, Minute.AddMinutes(3).AddSeconds(6), 40);
        await HandleAsync("q2", location, Minute.AddMinutes(3).AddSeconds(7), 40);

        Assert.Equal("2026-11-24T11:43:00Z", (await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z"))["END"].S);
        Assert.Empty(await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:44:00Z"));
    }

    [Fact]
    public async Task BatchesDynamoDbLeavesUnprocessedAreRetriedUntilDone()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var unprocessed = new UnprocessedBatches();
        using var client = unprocessed.Client(new Uri(dynalite.Client.Config.ServiceURL));
        var handler = new StatisticsHandler(new StatisticsWindows(client, DataStore, new EpisodeStore(client, DataStore, Episodes), Episodes));

        foreach (var minute in new[] { 0, 1, 2 })
        {
            var reading = new Reading(location, "s1", Minute.AddMinutes(minute).AddSeconds(5), 80);
            var message = new IngestionEvent($"u{minute}", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading));
            await handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);
        }

        // The episode needs the minutes read back (BatchGetItem), the readings their records (BatchWriteItem).
        Assert.True(unprocessed.Refused >= 6, $"{unprocessed.Refused} batches refused");
        Assert.Equal("open", (await GetAsync($"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z"))["STATUS"].S);
        var windowId = NoiseWindow.ItemId(location, Minute);
        Assert.NotEmpty(await GetAsync(Ingestion.Messaging.Entities.ItemKeys.Applied(windowId, Ingestion.Messaging.Entities.ItemKeys.Reading(location, "s1", Minute.AddSeconds(5)))));
    }

    [Fact]
    public async Task AWindowOfTheEarlierLayoutKeepsItsReadingsWhenALateOneArrives()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var windowId = NoiseWindow.ItemId(location, Minute);
        // As the design before left a minute of 60, 70 and 80 dB: a bin attribute per 0.1 dB, no REVISION.
        await dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Item = new()
            {
                ["ID"] = new AttributeValue { S = windowId },
                ["COUNT"] = new AttributeValue { N = "3" },
                ["SUM_DB"] = new AttributeValue { N = "210" },
                ["MAX_DB"] = new AttributeValue { N = "80" },
                ["MEAN_DB"] = new AttributeValue { N = "70" },
                ["H_0600"] = new AttributeValue { N = "1" },
                ["H_0700"] = new AttributeValue { N = "1" },
                ["H_0800"] = new AttributeValue { N = "1" },
            },
        }, TestContext.Current.CancellationToken);

        await HandleAsync("late", location, Minute.AddSeconds(50), 90);

        var item = await GetAsync(windowId);
        Assert.Equal(("4", "90", "75", "90"), (item["COUNT"].N, item["MAX_DB"].N, item["MEAN_DB"].N, item["P95_DB"].N));
    }

    [Fact]
    public async Task AWindowCountsEachReadingOnceAndKeepsItsStatistics()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        double[] decibels = [60, 70, 80, 90];
        for (var index = 0; index < decibels.Length; index++)
        {
            await HandleAsync($"e-{index}", location, Minute.AddSeconds(index * 10), decibels[index]);
        }

        // A redelivery of the loudest reading changes nothing.
        await HandleAsync("e-3", location, Minute.AddSeconds(30), 90);

        var item = await GetAsync(NoiseWindow.ItemId(location, Minute));
        Assert.Equal(("4", "90", "75", "90"), (item["COUNT"].N, item["MAX_DB"].N, item["MEAN_DB"].N, item["P95_DB"].N));
        Assert.Equal("NOISE_STATS", item["ENTITY_NAME"].S);
        Assert.Equal(location, item["LOCATION"].S);
    }

    [Fact]
    public async Task ReadingsOfTheNextMinuteGoToTheNextWindow()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];

        await HandleAsync("a", location, Minute.AddSeconds(59), 65);
        await HandleAsync("b", location, Minute.AddSeconds(60), 75);

        Assert.Equal("1", (await GetAsync(NoiseWindow.ItemId(location, Minute)))["COUNT"].N);
        Assert.Equal("75", (await GetAsync(NoiseWindow.ItemId(location, Minute.AddMinutes(1))))["MAX_DB"].N);
    }

    [Fact]
    public async Task ThreeNoisyMinutesOpenAnEpisodeWhichClosesOnceTheNoiseHasStoppedLongEnough()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        var episodeId = $"NOISE_EPISODE#{location}#2026-11-24T11:40:00Z";

        // Two noisy minutes are not yet an episode; the third makes one.
        await HandleAsync("m1", location, Minute.AddSeconds(5), 80);
        await HandleAsync("m2", location, Minute.AddMinutes(1).AddSeconds(5), 75);
        Assert.Empty(await GetAsync(episodeId));
        await HandleAsync("m3", location, Minute.AddMinutes(2).AddSeconds(5), 92);

        var episode = await GetAsync(episodeId);
        Assert.Equal(("open", "2026-11-24T11:43:00Z", "92"), (episode["STATUS"].S, episode["END"].S, episode["PEAK_DB"].N));

        // Synthetic time: one minute after its end it is still open, three minutes after it is closed.
        await _episodes.CloseEndedAsync([location], Minute.AddMinutes(4), TestContext.Current.CancellationToken);
        Assert.Equal("open", (await GetAsync(episodeId))["STATUS"].S);
        await _episodes.CloseEndedAsync([location], Minute.AddMinutes(6), TestContext.Current.CancellationToken);
        Assert.Equal("closed", (await GetAsync(episodeId))["STATUS"].S);
    }

    private async Task HandleAsync(string eventId, string location, DateTimeOffset timestamp, double db)
    {
        var reading = new Reading(location, "s1", timestamp, db);
        var message = new IngestionEvent(eventId, "noise", "READING", timestamp, JsonSerializer.SerializeToElement(reading));
        Assert.Equal(MessageHandlerResult.Success, await Handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken));
    }

    private async Task<Dictionary<string, AttributeValue>> GetAsync(string id) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken)).Item ?? [];
}
