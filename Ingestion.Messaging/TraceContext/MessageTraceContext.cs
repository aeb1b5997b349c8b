using System.Diagnostics;
using Ingestion.Messaging.Sns;

namespace Ingestion.Messaging.TraceContext;

/// <summary>
/// Carries W3C trace context (traceparent, tracestate, baggage) in message attributes, so a
/// consumer continues the producer's trace across the topic and the queue. Always the W3C
/// format, whatever <see cref="DistributedContextPropagator.Current"/> is set to: the names
/// are part of the message contract (<see cref="MessageAttributeNames"/>) and filter policies.
/// </summary>
public static class MessageTraceContext
{
    /// <summary>SQS delivers at most 10 message attributes with raw delivery; SNS allows no more for SQS subscribers.</summary>
    public const int MaxMessageAttributes = 10;

    private static readonly DistributedContextPropagator W3C = DistributedContextPropagator.CreateW3CPropagator();

    /// <summary>The trace fields of <paramref name="activity"/> in the order they matter: traceparent, tracestate, baggage.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Fields(Activity? activity)
    {
        var fields = new List<KeyValuePair<string, string>>(3);
        if (activity is null)
        {
            return fields;
        }

        W3C.Inject(activity, fields, static (carrier, name, value) =>
        {
            if (!string.IsNullOrEmpty(value))
            {
                ((List<KeyValuePair<string, string>>)carrier!).Add(new(name, value));
            }
        });
        return fields
            .OrderBy(f => f.Key switch
            {
                MessageAttributeNames.TraceParent => 0,
                MessageAttributeNames.TraceState => 1,
                _ => 2,
            })
            .ToList();
    }

    /// <summary>Writes the trace fields of <paramref name="activity"/> (default: the current one) into <paramref name="carrier"/>.</summary>
    public static void Inject(IDictionary<string, string> carrier, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(carrier);
        foreach (var (name, value) in Fields(activity ?? Activity.Current))
        {
            carrier[name] = value;
        }
    }

    /// <summary>
    /// The attributes plus the trace fields of <paramref name="activity"/> (default: the current one),
    /// as many as fit under <see cref="MaxMessageAttributes"/>, traceparent first. Attributes that
    /// already carry a traceparent are returned unchanged: the caller chose their parent.
    /// </summary>
    public static IReadOnlyDictionary<string, SnsMessageAttribute> WithTraceContext(
        IReadOnlyDictionary<string, SnsMessageAttribute> attributes, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (attributes.ContainsKey(MessageAttributeNames.TraceParent))
        {
            return attributes;
        }

        var fields = Fields(activity ?? Activity.Current);
        if (fields.Count == 0 || attributes.Count >= MaxMessageAttributes)
        {
            return attributes;
        }

        var withContext = new Dictionary<string, SnsMessageAttribute>(attributes, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            if (withContext.Count >= MaxMessageAttributes)
            {
                break;
            }

            withContext.TryAdd(name, new SnsMessageAttribute("String", value));
        }

        return withContext;
    }

    /// <summary>
    /// The producer's context from received attributes (names compared as given, so pass an
    /// ordinal dictionary). <see cref="ExtractedTraceContext.Parent"/> is default when there is
    /// no valid traceparent; malformed baggage entries are dropped.
    /// </summary>
    public static ExtractedTraceContext Extract(IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);

        W3C.ExtractTraceIdAndState(attributes, Get, out var traceParent, out var traceState);
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parsed)
            ? parsed
            : default;
        var baggage = W3C.ExtractBaggage(attributes, Get)?.ToList() ?? [];
        return new ExtractedTraceContext(parent, baggage);

        static void Get(object? carrier, string name, out string? value, out IEnumerable<string>? values)
        {
            values = null;
            value = ((IReadOnlyDictionary<string, string>)carrier!).TryGetValue(name, out var found) ? found : null;
        }
    }
}

/// <summary>What a consumer needs to continue a producer's trace.</summary>
public readonly record struct ExtractedTraceContext(ActivityContext Parent, IReadOnlyList<KeyValuePair<string, string?>> Baggage)
{
    public bool HasParent => Parent != default;
}
