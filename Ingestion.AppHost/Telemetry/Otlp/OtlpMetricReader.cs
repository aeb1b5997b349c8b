using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Metrics;
using Ingestion.AppHost.Telemetry.Otlp.Metrics;

namespace Ingestion.AppHost.Telemetry.Otlp;

/// <summary>
/// Turns an OTLP metrics export into samples. Exponential histograms and summaries keep only
/// count and sum (enough for a mean); points flagged "no recorded value" are skipped.
/// </summary>
internal static class OtlpMetricReader
{
    private const uint NoRecordedValue = 1;

    public static List<MetricSample> Read(ExportMetricsServiceRequest request, int maxValueLength)
    {
        var samples = new List<MetricSample>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = OtlpValues.ResourceName(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(scope => scope.Metrics))
            {
                Read(metric, resource, maxValueLength, samples);
            }
        }

        return samples;
    }

    private static void Read(Metric metric, string resource, int maxValueLength, List<MetricSample> samples)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                AddNumbers(metric, MetricKind.Gauge, isDelta: false, metric.Gauge.DataPoints);
                break;
            case Metric.DataOneofCase.Sum:
                var kind = metric.Sum.IsMonotonic ? MetricKind.Counter : MetricKind.UpDownCounter;
                AddNumbers(metric, kind, metric.Sum.AggregationTemporality == AggregationTemporality.Delta, metric.Sum.DataPoints);
                break;
            case Metric.DataOneofCase.Histogram:
                var isDelta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
                foreach (var point in metric.Histogram.DataPoints.Where(point => (point.Flags & NoRecordedValue) == 0))
                {
                    var histogram = new HistogramValue(point.Count, point.Sum, point.ExplicitBounds.ToList(), point.BucketCounts.ToList());
                    samples.Add(Sample(metric, MetricKind.Histogram, point.Attributes, point.TimeUnixNano, point.Count, histogram, isDelta));
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponentialIsDelta = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta;
                foreach (var point in metric.ExponentialHistogram.DataPoints.Where(point => (point.Flags & NoRecordedValue) == 0))
                {
                    var histogram = new HistogramValue(point.Count, point.Sum, [], []);
                    samples.Add(Sample(metric, MetricKind.Histogram, point.Attributes, point.TimeUnixNano, point.Count, histogram, exponentialIsDelta));
                }

                break;
            case Metric.DataOneofCase.Summary:
                foreach (var point in metric.Summary.DataPoints.Where(point => (point.Flags & NoRecordedValue) == 0))
                {
                    var histogram = new HistogramValue(point.Count, point.Sum, [], []);
                    samples.Add(Sample(metric, MetricKind.Histogram, point.Attributes, point.TimeUnixNano, point.Count, histogram, isDelta: false));
                }

                break;
        }

        void AddNumbers(Metric metric, MetricKind kind, bool isDelta, IEnumerable<NumberDataPoint> points)
        {
            foreach (var point in points.Where(point => (point.Flags & NoRecordedValue) == 0))
            {
                var value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
                samples.Add(Sample(metric, kind, point.Attributes, point.TimeUnixNano, value, null, isDelta));
            }
        }

        MetricSample Sample(Metric metric, MetricKind kind, Google.Protobuf.Collections.RepeatedField<Common.KeyValue> attributes, ulong time, double value, HistogramValue? histogram, bool isDelta) =>
            new(
                new MetricIdentity(metric.Name, metric.Unit, metric.Description, kind),
                resource,
                OtlpValues.Attributes(attributes, maxValueLength),
                OtlpValues.Time(time),
                value,
                histogram,
                isDelta);
    }
}
