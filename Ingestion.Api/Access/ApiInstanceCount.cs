using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Ingestion.Messaging.Entities;

namespace Ingestion.Api.Access;

/// <summary>
/// How many API instances share each source's rate limit, so that each enforces its share and
/// together they allow what the configuration says. Every instance stamps its own attribute of one
/// item (<see cref="ItemId"/>) with an expiry every <see cref="RateLimitOptions.MembershipInterval"/>
/// and counts the unexpired stamps in the same UpdateItem's answer: one write per instance per
/// interval on that item, nothing on the request path. When the count cannot be read for three
/// intervals, <see cref="RateLimitOptions.ApiInstances"/> (the most tasks the service runs) stands
/// in, so an unreachable DynamoDB never stops admission and never multiplies the limit.
/// </summary>
public sealed partial class ApiInstanceCount(
    IAmazonDynamoDB dynamoDb,
    IOptions<DataStoreTableOptions> table,
    IOptions<RateLimitOptions> options,
    TimeProvider time,
    ILogger<ApiInstanceCount> logger) : BackgroundService
{
    public const string ItemId = "API_INSTANCES#rate-limits";
    private const string StampPrefix = "INSTANCE_";
    private const int MaxRemovalsPerBeat = 20;

    private readonly string _stamp = StampPrefix + Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private int _counted;
    private DateTimeOffset _countedAt = DateTimeOffset.MinValue;
    private List<string> _expired = [];

    /// <summary>The instances to divide each limit by: 1 when the limit is per instance (sharing off).</summary>
    public int Current
    {
        get
        {
            var settings = options.Value;
            if (!settings.ShareAcrossInstances)
            {
                return 1;
            }

            lock (_gate)
            {
                return time.GetUtcNow() - _countedAt <= settings.MembershipInterval * 3 ? _counted : settings.ApiInstances;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ShareAcrossInstances)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StampAndCountAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // Admission goes on with the last count, then with ApiInstances: never a reason to stop the API.
                CountFailed(logger, exception, options.Value.ApiInstances);
            }

            try
            {
                await Task.Delay(options.Value.MembershipInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal async Task StampAndCountAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.MembershipInterval;
        var now = time.GetUtcNow();
        var names = new Dictionary<string, string> { ["#me"] = _stamp };
        var update = "SET #me = :expires";
        List<string> expired;
        lock (_gate)
        {
            expired = _expired;
        }

        if (expired.Count > 0)
        {
            // Stamps of instances gone for a while, so the item does not grow with every task ever started.
            update += " REMOVE " + string.Join(", ", expired.Select((name, index) =>
            {
                names[$"#x{index}"] = name;
                return $"#x{index}";
            }));
        }

        var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = table.Value.DataStoreTableName,
            Key = new() { [DataStoreAttributes.Id] = new AttributeValue { S = ItemId } },
            UpdateExpression = update,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = new() { [":expires"] = new AttributeValue { N = Milliseconds(now + (interval * 3)) } },
            ReturnValues = ReturnValue.ALL_NEW,
        }, cancellationToken);

        var nowMs = now.ToUnixTimeMilliseconds();
        var removeBefore = (now - (interval * 12)).ToUnixTimeMilliseconds();
        var live = 0;
        var gone = new List<string>();
        foreach (var (name, value) in response.Attributes)
        {
            if (!name.StartsWith(StampPrefix, StringComparison.Ordinal) || !long.TryParse(value.N, CultureInfo.InvariantCulture, out var expires))
            {
                continue;
            }

            if (expires > nowMs)
            {
                live++;
            }
            else if (expires < removeBefore && gone.Count < MaxRemovalsPerBeat)
            {
                gone.Add(name);
            }
        }

        lock (_gate)
        {
            _counted = Math.Max(live, 1);
            _countedAt = now;
            _expired = gone;
        }
    }

    private static string Milliseconds(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(1, LogLevel.Warning, "Could not count the API instances in DynamoDB; each source's limit is shared by the last count, then by RateLimits:ApiInstances ({ApiInstances})")]
    private static partial void CountFailed(ILogger logger, Exception exception, int apiInstances);
}
