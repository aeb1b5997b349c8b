using System.Net;
using Ingestion.AppHost.Dashboard.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ingestion.AppHost.Telemetry.Receivers;

/// <summary>
/// The OTLP receivers as one small Kestrel server on loopback: gRPC (HTTP/2 without TLS, as
/// exporters speak it to a local collector) and HTTP/protobuf (HTTP/1.1) on their own ports.
/// </summary>
internal static class OtlpReceiverApp
{
    private const int MaxMessageBytes = 32 * 1024 * 1024;

    public static (WebApplication App, Listeners Listeners) Build(int grpcPort, int httpPort, OtlpIngestor ingestor, ILoggerFactory? loggerFactory)
    {
        var builder = EmbeddedWebApp.CreateBuilder(loggerFactory);
        var listeners = new Listeners();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxMessageBytes;
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => (listeners.Grpc = listen).Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, httpPort, listen => (listeners.Http = listen).Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = MaxMessageBytes);
        builder.Services.AddSingleton(ingestor);

        var app = builder.Build();
        app.MapGrpcService<OtlpGrpcTraceService>();
        app.MapGrpcService<OtlpGrpcLogsService>();
        app.MapGrpcService<OtlpGrpcMetricsService>();
        app.MapOtlpHttpApi();
        return (app, listeners);
    }

    /// <summary>Filled in when Kestrel starts; after that they hold the bound ports (also when 0 was asked).</summary>
    internal sealed class Listeners
    {
        public ListenOptions? Grpc { get; set; }

        public ListenOptions? Http { get; set; }
    }
}
