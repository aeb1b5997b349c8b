using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Ingestion.Testing.Otlp.Proto.Collector.Trace;
using Ingestion.Testing.Otlp.Proto.Common;
using Ingestion.Testing.Otlp.Proto.Trace;

namespace Ingestion.Testing.Otlp;

/// <summary>Turns an OTLP/protobuf trace export into <see cref="ExportedSpan"/>s; spans without valid ids are skipped.</summary>
public static class OtlpTraceReader
{
    public static IReadOnlyList<ExportedSpan> Read(ReadOnlySpan<byte> protobuf)
    {
        var request = ExportTraceServiceRequest.Parser.ParseFrom(protobuf);
        var spans = new List<ExportedSpan>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var service = resourceSpans.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "unknown_service";
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                if (span.TraceId.Length == 16 && span.SpanId.Length == 8)
                {
                    spans.Add(Convert(span, service));
                }
            }
        }

        return spans;
    }

    private static ExportedSpan Convert(Span span, string service) => new(
        Hex(span.TraceId)!,
        Hex(span.SpanId)!,
        Hex(span.ParentSpanId),
        service,
        span.Name,
        (ExportedSpanKind)Math.Clamp((int)span.Kind, 0, (int)ExportedSpanKind.Consumer),
        Time(span.StartTimeUnixNano),
        Time(span.EndTimeUnixNano),
        span.Status?.Code == Status.Types.StatusCode.Error,
        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
        Attributes(span.Attributes),
        span.Links.Where(l => l.TraceId.Length == 16 && l.SpanId.Length == 8).Select(l => new ExportedSpanLink(Hex(l.TraceId)!, Hex(l.SpanId)!)).ToList());

    private static string? Hex(ByteString bytes) => bytes.IsEmpty ? null : System.Convert.ToHexStringLower(bytes.Span);

    private static DateTimeOffset Time(ulong unixNanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    private static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes) =>
        attributes.GroupBy(a => a.Key).ToDictionary(g => g.Key, g => Text(g.Last().Value), StringComparer.Ordinal);

    private static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => string.Join(",", value.ArrayValue.Values.Select(Text)),
        _ => "",
    };
}
