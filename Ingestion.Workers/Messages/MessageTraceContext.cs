using System.Diagnostics;
using Ingestion.Messaging;

namespace Ingestion.Workers.Messages;

// TEMPORARY stand-in for Ingestion.Messaging's MessageTraceContext: remove on merge and call that.
internal static class MessageTraceContext
{
    /// <summary>The producer's span context from the W3C attributes, or default when absent or malformed.</summary>
    public static ActivityContext Extract(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(MessageAttributeNames.TraceParent, out var traceParent)
        && ActivityContext.TryParse(traceParent, attributes.GetValueOrDefault(MessageAttributeNames.TraceState), isRemote: true, out var context)
            ? context
            : default;
}
