using System.IO.Compression;
using Google.Protobuf;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Logs;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Metrics;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Trace;

namespace Ingestion.AppHost.Telemetry.Receivers;

/// <summary>
/// OTLP/HTTP: <c>POST /v1/traces</c>, <c>/v1/logs</c>, <c>/v1/metrics</c> with
/// <c>application/x-protobuf</c> (or <c>application/json</c>), optionally gzip-encoded.
/// The reply is an empty export response in the request's encoding.
/// </summary>
internal static class OtlpHttpApi
{
    public const string ProtobufContentType = "application/x-protobuf";
    public const string JsonContentType = "application/json";
    private const int MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapOtlpHttpApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/v1/traces", (HttpContext context, OtlpIngestor ingestor, ILogger<OtlpIngestor> logger) =>
            ExportAsync(context, ExportTraceServiceRequest.Parser, ingestor.Ingest, new ExportTraceServiceResponse(), logger));
        endpoints.MapPost("/v1/logs", (HttpContext context, OtlpIngestor ingestor, ILogger<OtlpIngestor> logger) =>
            ExportAsync(context, ExportLogsServiceRequest.Parser, ingestor.Ingest, new ExportLogsServiceResponse(), logger));
        endpoints.MapPost("/v1/metrics", (HttpContext context, OtlpIngestor ingestor, ILogger<OtlpIngestor> logger) =>
            ExportAsync(context, ExportMetricsServiceRequest.Parser, ingestor.Ingest, new ExportMetricsServiceResponse(), logger));
        return endpoints;
    }

    private static async Task<IResult> ExportAsync<TRequest>(
        HttpContext context, MessageParser<TRequest> parser, Action<TRequest> ingest, IMessage response, ILogger logger)
        where TRequest : IMessage<TRequest>, new()
    {
        var mediaType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (mediaType is not (ProtobufContentType or JsonContentType))
        {
            logger.HttpExportRejected($"unsupported content type {context.Request.ContentType}");
            return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        }

        TRequest request;
        try
        {
            var body = await ReadBodyAsync(context.Request, context.RequestAborted);
            request = mediaType == ProtobufContentType ? parser.ParseFrom(body) : OtlpJson.Parse<TRequest>(body);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidDataException or System.Text.Json.JsonException or FormatException)
        {
            logger.HttpExportRejected(exception.Message);
            return Results.BadRequest();
        }

        ingest(request);
        return mediaType == ProtobufContentType
            ? Results.Bytes(response.ToByteArray(), ProtobufContentType)
            : Results.Text(JsonFormatter.Default.Format(response), JsonContentType);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var gzip = string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase);
        await using var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new InvalidDataException($"body larger than {MaxBodyBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
