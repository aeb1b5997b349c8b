using Google.Protobuf;
using Ingestion.AppHost.Telemetry.Otlp;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Logs;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Metrics;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Trace;
using Ingestion.AppHost.Telemetry.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.AppHost.Telemetry;

/// <summary>
/// The one way in for OTLP exports, whichever receiver got them: into the store, and into the
/// file store when persistence is on. A failing disk costs the persisted copy, never the export.
/// </summary>
public sealed class OtlpIngestor(TelemetryStore store, TelemetryFileStore? files = null, ILogger<OtlpIngestor>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<OtlpIngestor>.Instance;
    private readonly int _maxValueLength = store.Limits.MaxValueLength;

    public TelemetryStore Store => store;

    public void Ingest(ExportTraceServiceRequest request)
    {
        store.AddSpans(OtlpSpanReader.Read(request, _maxValueLength));
        Persist(TelemetrySignal.Traces, request);
    }

    public void Ingest(ExportLogsServiceRequest request)
    {
        store.AddLogs(OtlpLogReader.Read(request, _maxValueLength));
        Persist(TelemetrySignal.Logs, request);
    }

    public void Ingest(ExportMetricsServiceRequest request)
    {
        store.AddMetrics(OtlpMetricReader.Read(request, _maxValueLength));
        Persist(TelemetrySignal.Metrics, request);
    }

    /// <summary>Loads what earlier runs persisted; returns the number of payloads replayed.</summary>
    public int Replay()
    {
        if (files is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var (signal, payload) in files.ReadAll())
        {
            try
            {
                switch (signal)
                {
                    case TelemetrySignal.Traces:
                        store.AddSpans(OtlpSpanReader.Read(ExportTraceServiceRequest.Parser.ParseFrom(payload), _maxValueLength));
                        break;
                    case TelemetrySignal.Logs:
                        store.AddLogs(OtlpLogReader.Read(ExportLogsServiceRequest.Parser.ParseFrom(payload), _maxValueLength));
                        break;
                    case TelemetrySignal.Metrics:
                        store.AddMetrics(OtlpMetricReader.Read(ExportMetricsServiceRequest.Parser.ParseFrom(payload), _maxValueLength));
                        break;
                }

                count++;
            }
            catch (InvalidProtocolBufferException exception)
            {
                _logger.PersistedPayloadUnreadable(exception, files.Directory);
            }
        }

        return count;
    }

    private void Persist(TelemetrySignal signal, IMessage request)
    {
        if (files is null)
        {
            return;
        }

        try
        {
            files.Append(signal, request.ToByteArray());
        }
        catch (IOException exception)
        {
            _logger.PersistFailed(exception, files.Directory);
        }
    }
}
