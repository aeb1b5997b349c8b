using System.Xml.Linq;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Provisioning.Emulators;

/// <summary>
/// The provisioning half of <see cref="ISnsClient"/> over the SNS Query API, unsigned (fauxqs
/// checks no signatures). A stand-in until the real SnsClient (branch sns) lands on main:
/// then <see cref="EmulatorDeploymentTests"/> should construct that instead and this file goes.
/// </summary>
public sealed class QueryApiSnsStandIn(HttpClient http, Uri endpoint) : ISnsClient
{
    private static readonly XNamespace Sns = "http://sns.amazonaws.com/doc/2010-03-31/";

    public async Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        (await CallAsync("CreateTopic", [("Name", name), .. Entries("Attributes", attributes)], cancellationToken)).Descendants(Sns + "TopicArn").Single().Value;

    public async Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default) =>
        (await CallAsync("GetTopicAttributes", [("TopicArn", topicArn)], cancellationToken))
            .Descendants(Sns + "entry").ToDictionary(e => e.Element(Sns + "key")!.Value, e => e.Element(Sns + "value")!.Value);

    public Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) =>
        CallAsync("SetTopicAttributes", [("TopicArn", topicArn), ("AttributeName", attributeName), ("AttributeValue", attributeValue)], cancellationToken);

    public async Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        (await CallAsync("Subscribe", [("TopicArn", topicArn), ("Protocol", protocol), ("Endpoint", endpoint), .. Entries("Attributes", attributes)], cancellationToken))
            .Descendants(Sns + "SubscriptionArn").Single().Value;

    public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default) =>
        [.. (await CallAsync("ListSubscriptionsByTopic", [("TopicArn", topicArn)], cancellationToken)).Descendants(Sns + "member").Select(m => new SnsSubscription(
            m.Element(Sns + "SubscriptionArn")!.Value, m.Element(Sns + "Protocol")!.Value, m.Element(Sns + "Endpoint")!.Value, m.Element(Sns + "TopicArn")!.Value))];

    public Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) =>
        CallAsync("SetSubscriptionAttributes", [("SubscriptionArn", subscriptionArn), ("AttributeName", attributeName), ("AttributeValue", attributeValue)], cancellationToken);

    public async Task<Dictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken) =>
        (await CallAsync("GetSubscriptionAttributes", [("SubscriptionArn", subscriptionArn)], cancellationToken))
            .Descendants(Sns + "entry").ToDictionary(e => e.Element(Sns + "key")!.Value, e => e.Element(Sns + "value")!.Value);

    public Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Provisioning never publishes.");

    public Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Provisioning never publishes.");

    private static IEnumerable<(string, string)> Entries(string prefix, IReadOnlyDictionary<string, string> values) =>
        values.SelectMany((pair, i) => new[] { ($"{prefix}.entry.{i + 1}.key", pair.Key), ($"{prefix}.entry.{i + 1}.value", pair.Value) });

    private async Task<XDocument> CallAsync(string action, IEnumerable<(string Key, string Value)> parameters, CancellationToken cancellationToken)
    {
        var form = new FormUrlEncodedContent([new("Action", action), new("Version", "2010-03-31"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))]);
        using var response = await http.PostAsync(endpoint, form, cancellationToken);
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            var code = document.Descendants(Sns + "Code").FirstOrDefault()?.Value ?? "Unknown";
            throw new SnsException($"{action}: {document.Descendants(Sns + "Message").FirstOrDefault()?.Value}", code, response.StatusCode);
        }

        return document;
    }
}
