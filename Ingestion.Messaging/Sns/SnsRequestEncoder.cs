namespace Ingestion.Messaging.Sns;

/// <summary>
/// Flattens each operation's arguments into Query API parameters (the member/entry index
/// notation SNS expects). Maps are written in ordinal key order so bodies are deterministic.
/// </summary>
internal static class SnsRequestEncoder
{
    public static QueryForm Publish(SnsPublishRequest request)
    {
        var form = new QueryForm("Publish")
            .Add("TopicArn", request.TopicArn)
            .Add("Message", request.Message)
            .AddIfPresent("MessageGroupId", request.MessageGroupId)
            .AddIfPresent("MessageDeduplicationId", request.MessageDeduplicationId);
        AddMessageAttributes(form, "MessageAttributes", request.MessageAttributes);
        return form;
    }

    public static QueryForm PublishBatch(string topicArn, IReadOnlyList<SnsBatchEntry> entries)
    {
        var form = new QueryForm("PublishBatch").Add("TopicArn", topicArn);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var prefix = $"PublishBatchRequestEntries.member.{i + 1}";
            form.Add($"{prefix}.Id", entry.Id)
                .Add($"{prefix}.Message", entry.Message)
                .AddIfPresent($"{prefix}.MessageGroupId", entry.MessageGroupId)
                .AddIfPresent($"{prefix}.MessageDeduplicationId", entry.MessageDeduplicationId);
            AddMessageAttributes(form, $"{prefix}.MessageAttributes", entry.MessageAttributes);
        }

        return form;
    }

    public static QueryForm CreateTopic(string name, IReadOnlyDictionary<string, string> attributes)
    {
        var form = new QueryForm("CreateTopic").Add("Name", name);
        AddAttributeMap(form, attributes);
        return form;
    }

    public static QueryForm GetTopicAttributes(string topicArn) =>
        new QueryForm("GetTopicAttributes").Add("TopicArn", topicArn);

    public static QueryForm GetSubscriptionAttributes(string subscriptionArn) =>
        new QueryForm("GetSubscriptionAttributes").Add("SubscriptionArn", subscriptionArn);

    public static QueryForm SetTopicAttributes(string topicArn, string attributeName, string attributeValue) =>
        new QueryForm("SetTopicAttributes")
            .Add("TopicArn", topicArn)
            .Add("AttributeName", attributeName)
            .Add("AttributeValue", attributeValue);

    public static QueryForm Subscribe(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes)
    {
        var form = new QueryForm("Subscribe")
            .Add("TopicArn", topicArn)
            .Add("Protocol", protocol)
            .Add("Endpoint", endpoint);
        AddAttributeMap(form, attributes);

        // Without it SNS answers "pending confirmation" instead of the ARN for protocols that confirm.
        return form.Add("ReturnSubscriptionArn", "true");
    }

    public static QueryForm ListSubscriptionsByTopic(string topicArn, string? nextToken) =>
        new QueryForm("ListSubscriptionsByTopic")
            .Add("TopicArn", topicArn)
            .AddIfPresent("NextToken", nextToken);

    public static QueryForm SetSubscriptionAttributes(string subscriptionArn, string attributeName, string attributeValue) =>
        new QueryForm("SetSubscriptionAttributes")
            .Add("SubscriptionArn", subscriptionArn)
            .Add("AttributeName", attributeName)
            .Add("AttributeValue", attributeValue);

    private static void AddMessageAttributes(QueryForm form, string prefix, IReadOnlyDictionary<string, SnsMessageAttribute> attributes)
    {
        var index = 0;
        foreach (var (name, attribute) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            index++;
            form.Add($"{prefix}.entry.{index}.Name", name)
                .Add($"{prefix}.entry.{index}.Value.DataType", attribute.DataType)
                .Add($"{prefix}.entry.{index}.Value.StringValue", attribute.Value);
        }
    }

    private static void AddAttributeMap(QueryForm form, IReadOnlyDictionary<string, string> attributes)
    {
        var index = 0;
        foreach (var (key, value) in attributes.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            index++;
            form.Add($"Attributes.entry.{index}.key", key)
                .Add($"Attributes.entry.{index}.value", value);
        }
    }
}
