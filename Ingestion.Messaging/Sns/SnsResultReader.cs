namespace Ingestion.Messaging.Sns;

/// <summary>Reads the structured parts of Query API results (member lists and entry maps).</summary>
internal static class SnsResultReader
{
    public static SnsPublishBatchResult PublishBatch(SnsResponse response)
    {
        var successful = Members(response, "Successful")
            .Select(m => new SnsBatchSuccess(Text(m, "Id"), Text(m, "MessageId")))
            .ToList();
        var failed = Members(response, "Failed")
            .Select(m => new SnsBatchFailure(
                Text(m, "Id"),
                Text(m, "Code"),
                m.Child("Message")?.Value ?? "",
                bool.TryParse(m.Child("SenderFault")?.Value, out var senderFault) && senderFault))
            .ToList();
        return new SnsPublishBatchResult(successful, failed);
    }

    /// <summary><c>&lt;Attributes&gt;&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;…</c></summary>
    public static IReadOnlyDictionary<string, string> Attributes(SnsResponse response)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in response.Result.Child("Attributes")?.ChildrenNamed("entry") ?? [])
        {
            attributes[Text(entry, "key")] = entry.Child("value")?.Value ?? "";
        }

        return attributes;
    }

    public static SubscriptionsPage SubscriptionsPage(SnsResponse response)
    {
        var subscriptions = Members(response, "Subscriptions")
            .Select(m => new SnsSubscription(
                Text(m, "SubscriptionArn"),
                Text(m, "Protocol"),
                Text(m, "Endpoint"),
                Text(m, "TopicArn")))
            .ToList();
        var nextToken = response.Result.Child("NextToken")?.Value;
        return new SubscriptionsPage(subscriptions, string.IsNullOrEmpty(nextToken) ? null : nextToken);
    }

    private static IEnumerable<System.Xml.Linq.XElement> Members(SnsResponse response, string list) =>
        response.Result.Child(list)?.ChildrenNamed("member") ?? [];

    private static string Text(System.Xml.Linq.XElement element, string name) => element.Child(name)?.Value ?? "";
}

internal sealed record SubscriptionsPage(IReadOnlyList<SnsSubscription> Subscriptions, string? NextToken);
