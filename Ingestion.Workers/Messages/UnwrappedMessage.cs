namespace Ingestion.Workers.Messages;

/// <summary>What the producer published, whether SNS delivered it raw or in its JSON envelope.</summary>
internal sealed record UnwrappedMessage(string Body, IReadOnlyDictionary<string, string> Attributes, bool FromSnsEnvelope);
