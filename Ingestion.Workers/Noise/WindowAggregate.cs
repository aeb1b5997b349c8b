using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Persistence;

namespace Ingestion.Workers.Noise;

/// <summary>
/// One location-minute's statistics item `STATS#&lt;location&gt;#&lt;minute&gt;` as read and written
/// whole: the published COUNT, MAX_DB, MEAN_DB and P95_DB, the SUM_DB and HISTOGRAM they come from,
/// REVISION (what the next write is conditioned on), APPLYING (hashes of readings counted here whose
/// applied records may not be written yet) and EPISODE_PENDING (the noisy episode around the minute
/// has not been brought up to date with this item yet).
/// </summary>
internal sealed record WindowAggregate(
    long Revision,
    long Count,
    decimal SumDb,
    double MaxDb,
    SortedDictionary<int, long> Bins,
    IReadOnlySet<string> Applying,
    bool EpisodePending)
{
    /// <summary>A window's attributes the episode store reads back too.</summary>
    public const string WindowStartAttribute = "WINDOW_START";
    public const string MeanDbAttribute = "MEAN_DB";
    public const string MaxDbAttribute = "MAX_DB";
    private const string SumDbAttribute = "SUM_DB";
    private const string RevisionAttribute = "REVISION";
    private const string ApplyingAttribute = "APPLYING";
    private const string EpisodePendingAttribute = "EPISODE_PENDING";
    private const string EarlierBinPrefix = "H_";

    public static WindowAggregate Empty { get; } = new(0, 0, 0, double.MinValue, [], new HashSet<string>(StringComparer.Ordinal), false);

    /// <summary>What episodes and readers see; null for a minute without readings.</summary>
    public WindowStatistics? Statistics =>
        Count == 0 ? null : new WindowStatistics((int)Count, MaxDb, Math.Round((double)(SumDb / Count), 2), WindowHistogram.P95(Bins));

    public static WindowAggregate From(Dictionary<string, AttributeValue>? item)
    {
        if (item is not { Count: > 0 } || !item.ContainsKey("COUNT"))
        {
            return Empty;
        }

        if (!item.ContainsKey(RevisionAttribute))
        {
            return FromEarlierLayout(item);
        }

        return new WindowAggregate(
            long.Parse(item[RevisionAttribute].N, CultureInfo.InvariantCulture),
            long.Parse(item["COUNT"].N, CultureInfo.InvariantCulture),
            decimal.Parse(item[SumDbAttribute].N, NumberStyles.Float, CultureInfo.InvariantCulture),
            double.Parse(item[MaxDbAttribute].N, CultureInfo.InvariantCulture),
            WindowHistogram.Decode(item.GetValueOrDefault("HISTOGRAM")?.B),
            new HashSet<string>(item.GetValueOrDefault(ApplyingAttribute)?.SS ?? [], StringComparer.Ordinal),
            item.GetValueOrDefault(EpisodePendingAttribute)?.BOOL ?? false);
    }

    /// <summary>
    /// A window the design before wrote (one `H_0853` attribute per bin, no REVISION): its readings
    /// carry over, so a late reading into such a minute adds to them. Its next write, conditioned on
    /// REVISION being absent, turns it into this layout.
    /// </summary>
    private static WindowAggregate FromEarlierLayout(Dictionary<string, AttributeValue> item)
    {
        var bins = new SortedDictionary<int, long>();
        foreach (var (name, value) in item.Where(pair => pair.Key.StartsWith(EarlierBinPrefix, StringComparison.Ordinal)))
        {
            bins[int.Parse(name[EarlierBinPrefix.Length..], CultureInfo.InvariantCulture)] = long.Parse(value.N, CultureInfo.InvariantCulture);
        }

        return Empty with
        {
            Count = long.Parse(item["COUNT"].N, CultureInfo.InvariantCulture),
            SumDb = decimal.Parse(item[SumDbAttribute].N, NumberStyles.Float, CultureInfo.InvariantCulture),
            MaxDb = double.Parse(item[MaxDbAttribute].N, CultureInfo.InvariantCulture),
            Bins = bins,
        };
    }

    public WindowAggregate Add(IEnumerable<double> decibels)
    {
        var bins = new SortedDictionary<int, long>(Bins);
        var (count, sum, max) = (Count, SumDb, MaxDb);
        foreach (var db in decibels)
        {
            count++;
            sum += (decimal)db;
            max = Math.Max(max, db);
            var bin = WindowHistogram.BinOf(db);
            bins[bin] = bins.GetValueOrDefault(bin) + 1;
        }

        return this with { Count = count, SumDb = sum, MaxDb = max, Bins = bins };
    }

    public Dictionary<string, AttributeValue> ToItem(string location, DateTimeOffset windowStart)
    {
        var statistics = Statistics ?? throw new InvalidOperationException("A window is written once it has a reading.");
        var item = new Dictionary<string, AttributeValue>
        {
            [DataStoreAttributes.Id] = new() { S = NoiseWindow.ItemId(location, windowStart) },
            [DataStoreAttributes.EntityName] = new() { S = EntityNames.NoiseStatistics },
            ["LOCATION"] = new() { S = location },
            [WindowStartAttribute] = new() { S = ItemKeys.WholeSeconds(windowStart) },
            ["COUNT"] = Number(Count),
            [SumDbAttribute] = new() { N = SumDb.ToString(CultureInfo.InvariantCulture) },
            [MaxDbAttribute] = new() { N = WindowHistogram.Format(MaxDb) },
            [MeanDbAttribute] = new() { N = WindowHistogram.Format(statistics.MeanDb) },
            ["P95_DB"] = new() { N = WindowHistogram.Format(statistics.P95Db) },
            ["HISTOGRAM"] = new() { B = new MemoryStream(WindowHistogram.Encode(Bins)) },
            [RevisionAttribute] = Number(Revision),
        };
        if (Applying.Count > 0)
        {
            item[ApplyingAttribute] = new() { SS = [.. Applying.Order(StringComparer.Ordinal)] };
        }

        if (EpisodePending)
        {
            item[EpisodePendingAttribute] = new() { BOOL = true };
        }

        return item;
    }

    /// <summary>The write of <paramref name="next"/> succeeds only over the revision it was computed from.</summary>
    public static PutItemRequest Replace(string tableName, Dictionary<string, AttributeValue> next, long readRevision) => new()
    {
        TableName = tableName,
        Item = next,
        ConditionExpression = readRevision == 0 ? "attribute_not_exists(#revision)" : "#revision = :revision",
        ExpressionAttributeNames = new() { ["#revision"] = RevisionAttribute },
        ExpressionAttributeValues = readRevision == 0 ? null : new() { [":revision"] = Number(readRevision) },
    };

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
