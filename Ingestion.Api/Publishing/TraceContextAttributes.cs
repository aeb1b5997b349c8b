using System.Diagnostics;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Publishing;

// STAND-IN until Ingestion.Messaging's MessageTraceContext lands on main: delete this file then.
internal static class TraceContextAttributes
{
    public static void Inject(Activity? activity, IDictionary<string, SnsMessageAttribute> attributes) =>
        DistributedContextPropagator.Current.Inject(activity, attributes, static (carrier, name, value) =>
        {
            if (carrier is IDictionary<string, SnsMessageAttribute> target && !string.IsNullOrEmpty(value)
                && name is MessageAttributeNames.TraceParent or MessageAttributeNames.TraceState or MessageAttributeNames.Baggage)
            {
                target[name] = new SnsMessageAttribute("String", value);
            }
        });
}
