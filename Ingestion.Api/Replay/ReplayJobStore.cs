using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Microsoft.Extensions.Options;
using Ingestion.Api.Access;
using Ingestion.Messaging.Entities;

namespace Ingestion.Api.Replay;

/// <summary>
/// A replay's state kept in the datastore table, one item per replay (<c>REPLAY#&lt;id&gt;</c>, never
/// indexed: it has no ENTITY_NAME), so whichever API instance a producer reaches answers
/// <c>GET /replay/{id}</c>, and a restart forgets nothing. Items expire after <see cref="KeptFor"/>.
/// </summary>
public sealed partial class ReplayJobStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreTableOptions> options, TimeProvider time, ILogger<ReplayJobStore> logger)
{
    public const string KeyPrefix = "REPLAY#";
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    private const string IdAttribute = DataStoreAttributes.Id;
    private const string StatusAttribute = "REPLAY_STATUS";
    private const string ExpiresAtAttribute = DataStoreAttributes.ExpiresAt;

    /// <summary>Replay ids are UUIDs in hex; anything much longer is no replay of ours and is not looked up.</summary>
    private const int MaxIdLength = 64;

    public static string Key(string replayId) => KeyPrefix + replayId;

    public Task SaveAsync(ReplayStatus status, CancellationToken cancellationToken) =>
        dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = options.Value.DataStoreTableName,
            Item = new Dictionary<string, AttributeValue>
            {
                [IdAttribute] = new() { S = Key(status.ReplayId) },
                [StatusAttribute] = new() { S = JsonSerializer.Serialize(status) },
                [ExpiresAtAttribute] = new() { N = (time.GetUtcNow() + KeptFor).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
            },
        }, cancellationToken);

    /// <summary>Saves progress when it can: a replay does not fail because its state could not be written this time.</summary>
    public async Task TrySaveAsync(ReplayStatus status, CancellationToken cancellationToken)
    {
        try
        {
            await SaveAsync(status, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonDynamoDBException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            StateNotSaved(logger, exception, status.ReplayId, status.State);
        }
    }

    public async Task<ReplayStatus?> FindAsync(string replayId, CancellationToken cancellationToken)
    {
        if (replayId.Length is 0 or > MaxIdLength)
        {
            return null;
        }

        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = options.Value.DataStoreTableName,
            Key = new Dictionary<string, AttributeValue> { [IdAttribute] = new() { S = Key(replayId) } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item?.GetValueOrDefault(StatusAttribute)?.S is { } json ? JsonSerializer.Deserialize<ReplayStatus>(json) : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replay {ReplayId}: its state ({State}) could not be saved in the table; GET /replay on another instance shows an older state")]
    private static partial void StateNotSaved(ILogger logger, Exception exception, string replayId, string state);
}
