using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Trace;
using Ingestion.AppHost.Telemetry.Otlp.Trace;
using OtlpSpan = Ingestion.AppHost.Telemetry.Otlp.Trace.Span;

namespace Ingestion.AppHost.Telemetry.Otlp;

/// <summary>Turns an OTLP trace export into the store's spans. Spans without valid ids are skipped.</summary>
internal static class OtlpSpanReader
{
    public static List<SpanData> Read(ExportTraceServiceRequest request, int maxValueLength)
    {
        var spans = new List<SpanData>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = OtlpValues.ResourceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = OtlpValues.ScopeName(scopeSpans.Scope);
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length == 16 && span.SpanId.Length == 8)
                    {
                        spans.Add(Convert(span, resource, scope, maxValueLength));
                    }
                }
            }
        }

        return spans;
    }

    private static SpanData Convert(OtlpSpan span, string resource, string scope, int maxValueLength)
    {
        var start = OtlpValues.Time(span.StartTimeUnixNano);
        var end = span.EndTimeUnixNano >= span.StartTimeUnixNano ? OtlpValues.Time(span.EndTimeUnixNano) : start;
        return new SpanData(
            OtlpValues.Hex(span.TraceId)!,
            OtlpValues.Hex(span.SpanId)!,
            OtlpValues.Hex(span.ParentSpanId),
            resource,
            scope,
            OtlpValues.Cut(span.Name, maxValueLength),
            (SpanKind)Math.Clamp((int)span.Kind, 0, (int)SpanKind.Consumer),
            start,
            end,
            span.Status?.Code switch
            {
                Status.Types.StatusCode.Ok => SpanStatus.Ok,
                Status.Types.StatusCode.Error => SpanStatus.Error,
                _ => SpanStatus.Unset,
            },
            string.IsNullOrEmpty(span.Status?.Message) ? null : OtlpValues.Cut(span.Status.Message, maxValueLength),
            OtlpValues.Attributes(span.Attributes, maxValueLength),
            span.Events.Select(e => new SpanEvent(e.Name, OtlpValues.Time(e.TimeUnixNano), OtlpValues.Attributes(e.Attributes, maxValueLength))).ToList(),
            span.Links
                .Where(link => link.TraceId.Length == 16 && link.SpanId.Length == 8)
                .Select(link => new SpanLink(OtlpValues.Hex(link.TraceId)!, OtlpValues.Hex(link.SpanId)!, OtlpValues.Attributes(link.Attributes, maxValueLength)))
                .ToList());
    }
}
