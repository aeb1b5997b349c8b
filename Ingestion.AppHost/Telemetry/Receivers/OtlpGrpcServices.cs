using Grpc.Core;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Logs;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Metrics;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Trace;

namespace Ingestion.AppHost.Telemetry.Receivers;

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.trace.v1.TraceService/Export</c>.</summary>
internal sealed class OtlpGrpcTraceService(OtlpIngestor ingestor) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        ingestor.Ingest(request);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.logs.v1.LogsService/Export</c>.</summary>
internal sealed class OtlpGrpcLogsService(OtlpIngestor ingestor) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        ingestor.Ingest(request);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}

/// <summary>OTLP/gRPC: <c>opentelemetry.proto.collector.metrics.v1.MetricsService/Export</c>.</summary>
internal sealed class OtlpGrpcMetricsService(OtlpIngestor ingestor) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        ingestor.Ingest(request);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}
