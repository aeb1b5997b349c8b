using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// Counts each reading once in its window, at about one write unit per reading plus one per window
/// write, without transactions (dynalite has none). The readings of one window that arrive while
/// its previous write runs are applied together, in one pass:
/// <list type="number">
/// <item>read the window (consistently) and the applied records of the readings it does not list
/// in APPLYING: a reading with a record, or in APPLYING, is already counted;</item>
/// <item>write the whole window, the new readings added and their hashes put in APPLYING, only over
/// the revision just read (else start again: another worker wrote it);</item>
/// <item>write each reading's applied record `APPLIED#&lt;window&gt;#&lt;reading&gt;`;</item>
/// <item>bring the noisy episode up to date if the window says so (EPISODE_PENDING).</item>
/// </list>
/// A hash leaves APPLYING with the window's next write once its record exists, so a redelivery
/// after a crash at any step finds its reading either in APPLYING or recorded, never counts it
/// twice, and finishes the steps the first delivery missed, the episode included.
/// </summary>
internal sealed class StatisticsWindows(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> dataStore, EpisodeStore episodes, IOptions<NoisyEpisodeOptions> episodeOptions)
{
    private const int MaxWriteAttempts = 20;

    /// <summary>Windows idle this long forget what this worker remembers of them.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private readonly string _tableName = dataStore.Value.DataStoreTableName;
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public async Task AddAsync(Reading reading, CancellationToken cancellationToken)
    {
        var windowStart = NoiseWindow.StartOf(reading.Timestamp);
        var pending = new PendingReading(reading);
        var window = _windows.GetOrAdd(NoiseWindow.ItemId(reading.Location, windowStart), _ => new Window(reading.Location, windowStart));
        bool drain;
        lock (window)
        {
            window.Queue.Add(pending);
            window.LastUsed = Environment.TickCount64;
            drain = !window.Draining;
            window.Draining = true;
        }

        if (drain)
        {
            // Not the caller's token: the pass serves every reading queued, whoever started it.
            _ = Task.Run(() => DrainAsync(window), CancellationToken.None);
        }

        await pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync(Window window)
    {
        while (true)
        {
            lock (window)
            {
                if (window.Queue.Count == 0)
                {
                    window.Draining = false;
                    break;
                }
            }

            var batch = TakeQueued(window);

            try
            {
                await ApplyAsync(window, batch);
                batch.ForEach(pending => pending.Done.TrySetResult());
            }
            catch (Exception exception)
            {
                batch.ForEach(pending => pending.Done.TrySetException(exception));
            }
        }

        ForgetIdleWindows();
    }

    private static List<PendingReading> TakeQueued(Window window)
    {
        lock (window)
        {
            List<PendingReading> queued = [.. window.Queue];
            window.Queue.Clear();
            return queued;
        }
    }

    private async Task ApplyAsync(Window window, List<PendingReading> batch)
    {
        var windowId = NoiseWindow.ItemId(window.Location, window.Start);
        for (var attempt = 1; ; attempt++)
        {
            var current = WindowAggregate.From((await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = _tableName,
                Key = Key(windowId),
                ConsistentRead = true,
            })).Item);
            var unlisted = batch.Where(pending => !current.Applying.Contains(pending.Hash)).DistinctBy(pending => pending.Hash).ToList();
            var recorded = await RecordedAsync(windowId, unlisted);
            var fresh = unlisted.Where(pending => !recorded.Contains(pending.Hash)).ToList();
            var confirmed = window.Confirmed.Where(current.Applying.Contains).ToHashSet(StringComparer.Ordinal);
            var episodeSeen = current.EpisodePending && window.EpisodeUpdatedAt == current.Revision;

            var next = current;
            if (fresh.Count > 0 || confirmed.Count > 0 || episodeSeen)
            {
                var added = current.Add(fresh.Select(pending => pending.Reading.Db));
                var applying = new HashSet<string>(current.Applying, StringComparer.Ordinal);
                applying.ExceptWith(confirmed);
                applying.UnionWith(fresh.Select(pending => pending.Hash));
                next = added with
                {
                    Revision = current.Revision + 1,
                    Applying = applying,
                    EpisodePending = (current.EpisodePending && !episodeSeen) || ChangesEpisodes(current.Statistics, added.Statistics),
                };
                try
                {
                    await dynamoDb.PutItemAsync(WindowAggregate.Replace(_tableName, next.ToItem(window.Location, window.Start), current.Revision));
                }
                catch (ConditionalCheckFailedException) when (attempt < MaxWriteAttempts)
                {
                    // Another worker wrote the window since it was read. Wait a little (jittered, so
                    // workers stop colliding) and take along what queued meanwhile: the next attempt
                    // carries more readings, so collisions cost fewer writes per reading.
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 5 + (10 * attempt))));
                    batch.AddRange(TakeQueued(window));
                    continue;
                }

                window.Confirmed.ExceptWith(confirmed);
            }

            // Counted here or by an earlier delivery that stopped before its record: record them now.
            var unrecorded = batch.Where(pending => !recorded.Contains(pending.Hash)).DistinctBy(pending => pending.Hash).ToList();
            foreach (var chunk in unrecorded.Chunk(25))
            {
                await DynamoDbBatches.PutAllAsync(dynamoDb, _tableName, [.. chunk.Select(pending => Key(AppliedId(windowId, pending)))], CancellationToken.None);
            }

            window.Confirmed.UnionWith(unrecorded.Select(pending => pending.Hash));
            if (next.EpisodePending)
            {
                await episodes.UpdateAroundAsync(window.Location, window.Start, CancellationToken.None);
                window.EpisodeUpdatedAt = next.Revision;
            }

            return;
        }
    }

    /// <returns>The hashes of the readings that have their applied record.</returns>
    private async Task<HashSet<string>> RecordedAsync(string windowId, List<PendingReading> readings)
    {
        var recorded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in readings.Chunk(100))
        {
            var byId = chunk.ToDictionary(pending => AppliedId(windowId, pending), StringComparer.Ordinal);
            var items = await DynamoDbBatches.GetAllAsync(dynamoDb, _tableName, new KeysAndAttributes
            {
                Keys = [.. byId.Keys.Select(Key)],
                ConsistentRead = true,
                ProjectionExpression = "#id",
                ExpressionAttributeNames = new() { ["#id"] = DataStoreAttributes.Id },
            }, CancellationToken.None);
            recorded.UnionWith(items.Select(item => byId[item[DataStoreAttributes.Id].S].Hash));
        }

        return recorded;
    }

    /// <summary>An episode depends on which minutes are noisy and on their peaks: nothing else about a window.</summary>
    private bool ChangesEpisodes(WindowStatistics? before, WindowStatistics? after)
    {
        var threshold = episodeOptions.Value.EpisodeThresholdDb;
        var wasNoisy = before is not null && before.MeanDb > threshold;
        var isNoisy = after is not null && after.MeanDb > threshold;
        return wasNoisy != isNoisy || (isNoisy && after!.MaxDb > (before?.MaxDb ?? double.MinValue));
    }

    private void ForgetIdleWindows()
    {
        var idleSince = Environment.TickCount64 - (long)ForgetAfter.TotalMilliseconds;
        foreach (var (id, window) in _windows)
        {
            lock (window)
            {
                if (!window.Draining && window.LastUsed < idleSince)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(id, window));
                }
            }
        }
    }

    private static string AppliedId(string windowId, PendingReading pending) => ItemKeys.Applied(windowId, pending.ReadingId);

    private static Dictionary<string, AttributeValue> Key(string id) => new() { [DataStoreAttributes.Id] = new() { S = id } };

    private sealed class PendingReading(Reading reading)
    {
        public Reading Reading { get; } = reading;

        /// <summary>The reading's identity, as its item's ID: the timestamp normalised, so one instant written two ways is one reading.</summary>
        public string ReadingId { get; } = ItemKeys.Reading(reading.Location, reading.Sensor, reading.Timestamp);

        /// <summary>96 bits of SHA-256 of the identity: short in APPLYING, and no two readings of a minute share one in practice.</summary>
        public string Hash { get; } = Convert.ToHexString(
            SHA256.HashData(Encoding.UTF8.GetBytes(ItemKeys.Reading(reading.Location, reading.Sensor, reading.Timestamp))), 0, 12);

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What this worker holds for one window: the readings waiting for its next pass, and what its next write may clean up.</summary>
    private sealed class Window(string location, DateTimeOffset start)
    {
        public string Location { get; } = location;

        public DateTimeOffset Start { get; } = start;

        public List<PendingReading> Queue { get; } = [];

        public bool Draining { get; set; }

        public long LastUsed { get; set; }

        /// <summary>Hashes whose applied records this worker wrote: the window's next write takes them out of APPLYING.</summary>
        public HashSet<string> Confirmed { get; } = new(StringComparer.Ordinal);

        /// <summary>The window revision the episode was last brought up to date with by this worker.</summary>
        public long EpisodeUpdatedAt { get; set; } = -1;
    }
}
