using System.Net;
using System.Text;
using System.Text.Json;
using Ingestion.Messaging.Entities;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// Sits in front of every AWS client's HTTP handler when the operation log is on and records what
/// each request asks for: the operation (X-Amz-Target for DynamoDB and SQS, Action for SNS, the
/// method and path for S3) and the table, index, queue, bucket or topic it names. It reads the
/// request and never changes it, except with write metering on (emulators only, <see cref="DynamoDbWriteMeter"/>).
/// </summary>
public sealed partial class AwsOperationRecordingHandler(AwsOperationLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = await DescribeAsync(request, cancellationToken).ConfigureAwait(false);
        if (operation is { Service: "sqs", Operation: "ReceiveMessage" })
        {
            return await ReceiveAsync(operation, request, cancellationToken).ConfigureAwait(false);
        }

        if (log.ActiveWriteMeter is not { } meter || operation.Service != "dynamodb" || !DynamoDbWriteMeter.IsWrite(operation.Operation))
        {
            log.Record(operation);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // Metered: ask for the consumed capacity and the item's image, record what each key was charged.
        var body = DynamoDbWriteMeter.Prepare(operation.Operation, await ReadAsync(request, cancellationToken).ConfigureAwait(false));
        var contentType = request.Content?.Headers.ContentType;
        request.Content = new StringContent(body, Encoding.UTF8);
        request.Content.Headers.ContentType = contentType;
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        log.Record(operation with { Writes = meter.Writes(operation.Operation, body, text), At = DateTimeOffset.UtcNow });

        // The SDK checks a CRC32 of the body: give it back the bytes as they came.
        var answer = new StringContent(text, Encoding.UTF8);
        answer.Headers.ContentType = response.Content.Headers.ContentType;
        response.Content = answer;
        return response;
    }

    /// <summary>
    /// A receive is recorded with how many messages it brought back: an emulator may answer a long
    /// poll empty where SQS would have held it, and a cost estimate should tell those apart.
    /// </summary>
    private async Task<HttpResponseMessage> ReceiveAsync(AwsOperation operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            log.Record(operation);
            throw;
        }

        int? received = null;
        if (response.IsSuccessStatusCode)
        {
            // Buffered, so the SDK still reads the body after this.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
                received = document.RootElement.TryGetProperty("Messages", out var messages) && messages.ValueKind == JsonValueKind.Array
                    ? messages.GetArrayLength()
                    : 0;
            }
            catch (JsonException)
            {
                // Not the JSON protocol: recorded without a count.
            }
        }

        log.Record(operation with { Received = received });
        return response;
    }

    private async Task<AwsOperation> DescribeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Only the small JSON and form bodies are read (and so buffered); an S3 upload's body is left alone.
        // JSON is parsed from its UTF-8 bytes, without decoding every request into a string.
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var operation = target[(target.LastIndexOf('.') + 1)..];
            return target.StartsWith("DynamoDB", StringComparison.Ordinal) ? DynamoDb(operation, body) : Sqs(operation, body);
        }

        if (request.Content?.Headers.ContentType?.MediaType == "application/x-www-form-urlencoded")
        {
            // Only the two fields named: a PublishBatch's form carries up to ten URL-encoded messages,
            // and decoding them all cost the API more than anything else the log does.
            var form = await request.Content!.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new AwsOperation(log.Process, "sns", FormField(form, "Action") ?? "", Topic: FormField(form, "TopicArn") ?? FormField(form, "SubscriptionArn"));
        }

        return S3(request);
    }

    /// <summary>The decoded value of a field of an application/x-www-form-urlencoded body, or null.</summary>
    internal static string? FormField(ReadOnlySpan<byte> form, string name)
    {
        while (!form.IsEmpty)
        {
            var end = form.IndexOf((byte)'&');
            var pair = end < 0 ? form : form[..end];
            var equals = pair.IndexOf((byte)'=');
            var key = equals < 0 ? pair : pair[..equals];
            if (Ascii.Equals(key, name))
            {
                return equals < 0 ? "" : WebUtility.UrlDecode(Encoding.UTF8.GetString(pair[(equals + 1)..]));
            }

            form = end < 0 ? [] : form[(end + 1)..];
        }

        return null;
    }

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private static async Task<string> ReadAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

    private AwsOperation DynamoDb(string operation, byte[] body)
    {
        using var document = JsonDocument.Parse(body.Length == 0 ? EmptyObject : body);
        var root = document.RootElement;
        var table = root.TryGetProperty("TableName", out var name) ? name.GetString() : null;
        if (table is null && root.TryGetProperty("RequestItems", out var items))
        {
            table = items.EnumerateObject().Select(item => item.Name).FirstOrDefault();
        }

        var index = root.TryGetProperty("IndexName", out var indexName) ? indexName.GetString() : null;
        List<string>? leadingKeys = null;
        foreach (var keyed in new[] { "Key", "Item" })
        {
            if (root.TryGetProperty(keyed, out var key) && key.TryGetProperty(DataStoreAttributes.Id, out var id) && id.TryGetProperty("S", out var value))
            {
                leadingKeys = [value.GetString()!];
            }
        }

        // A Query touches the partition key value it names, of the index when it queries one.
        if (root.TryGetProperty("KeyConditionExpression", out var keyCondition)
            && QueriedKey().Match(keyCondition.GetString() ?? "") is { Success: true } match
            && root.TryGetProperty("ExpressionAttributeValues", out var values)
            && values.TryGetProperty(match.Groups["value"].Value, out var queried)
            && queried.TryGetProperty("S", out var queriedKey))
        {
            leadingKeys = [queriedKey.GetString()!];
        }

        // A batch touches every key it names (dynamodb:LeadingKeys holds them all).
        if (root.TryGetProperty("RequestItems", out var batch))
        {
            leadingKeys = [.. batch.EnumerateObject().SelectMany(table => BatchKeys(table.Value))];
        }

        return new AwsOperation(log.Process, "dynamodb", operation, Table: table, Index: index, LeadingKeys: leadingKeys);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*\S+\s*=\s*(?<value>:\w+)")]
    private static partial System.Text.RegularExpressions.Regex QueriedKey();

    private static IEnumerable<string> BatchKeys(JsonElement request)
    {
        var keys = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("Keys", out var read)
            ? read.EnumerateArray()
            : request.ValueKind == JsonValueKind.Array
                ? request.EnumerateArray().SelectMany(write => write.EnumerateObject()).Select(write => write.Value.TryGetProperty("Item", out var item) ? item : write.Value.GetProperty("Key"))
                : [];
        return keys.Where(key => key.TryGetProperty(DataStoreAttributes.Id, out var id) && id.TryGetProperty("S", out _)).Select(key => key.GetProperty(DataStoreAttributes.Id).GetProperty("S").GetString()!);
    }

    private AwsOperation Sqs(string operation, byte[] body)
    {
        using var document = JsonDocument.Parse(body.Length == 0 ? EmptyObject : body);
        var root = document.RootElement;
        var queue = root.TryGetProperty("QueueUrl", out var url) ? url.GetString()!.TrimEnd('/').Split('/')[^1]
            : root.TryGetProperty("QueueName", out var name) ? name.GetString() : null;
        return new AwsOperation(log.Process, "sqs", operation, Queue: queue);
    }

    /// <summary>Path-style requests (the clients set ForcePathStyle): /bucket or /bucket/key.</summary>
    private AwsOperation S3(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var path = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        var slash = path.IndexOf('/');
        var bucket = slash < 0 ? path : path[..slash];
        var key = slash < 0 || slash == path.Length - 1 ? null : path[(slash + 1)..];
        var operation = (request.Method.Method, key) switch
        {
            ("GET", null) => uri.Query.Contains("list-type=2", StringComparison.Ordinal) ? "ListObjectsV2" : "ListObjects",
            ("PUT", null) => "CreateBucket",
            ("HEAD", null) => "HeadBucket",
            ("GET", _) => "GetObject",
            ("HEAD", _) => "HeadObject",
            ("PUT", _) => "PutObject",
            ("DELETE", _) => "DeleteObject",
            _ => $"{request.Method.Method} {uri.AbsolutePath}",
        };
        return new AwsOperation(log.Process, "s3", operation, Bucket: bucket, ObjectKey: key);
    }
}
