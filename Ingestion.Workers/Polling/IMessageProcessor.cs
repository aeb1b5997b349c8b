using System.Diagnostics;
using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

/// <summary>Processes one message to an outcome. Never throws: every failure becomes an outcome.</summary>
internal interface IMessageProcessor
{
    Task<MessageOutcome> ProcessAsync(InboundMessage message, ActivityContext receiveContext, CancellationToken cancellationToken);
}
