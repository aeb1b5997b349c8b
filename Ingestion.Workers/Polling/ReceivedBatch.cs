using System.Diagnostics;
using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

/// <summary>The messages of one receive, in SQS's order, and the receive span every later batch span belongs to.</summary>
internal sealed record ReceivedBatch(IReadOnlyList<InboundMessage> Messages, ActivityContext ReceiveContext);
