using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting set-up shared by every Ingestion service: telemetry, health, resilience.
/// Nothing service-specific belongs here.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Our own ActivitySources and Meters all start with this prefix.</summary>
    public const string TelemetryPrefix = "Ingestion.";

    /// <summary>The most traces a process starts a second (<see cref="TraceRateSampler"/>); 0 keeps every one.</summary>
    public const string MaxTracesPerSecondKey = "Telemetry:MaxTracesPerSecond";

    /// <summary>
    /// Every request sent by hand, and more of a load test than a person reads; the dashboard keeps
    /// its last 10,000 traces, so this also keeps a quarter of an hour of them through a flood.
    /// </summary>
    public const int DefaultMaxTracesPerSecond = 10;

    private const string StandardSamplerVariable = "OTEL_TRACES_SAMPLER";

    // The ActivitySource HttpClient starts each outgoing request's activity from.
    private const string HttpClientActivitySource = "System.Net.Http";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // One trace per event needs every service to export spans, logs and metrics the same way.
        builder.ConfigureOpenTelemetry();

        // The AppHost waits on /health before calling a service healthy.
        builder.AddDefaultHealthChecks();

        // Services find each other through services__<name>__http__0, as under Aspire.
        builder.Services.AddServiceDiscovery();

        // Outgoing HTTP retries transient failures with back-off and a circuit breaker by default.
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Every telemetry export is an HTTP call through the resilience pipeline: at Information
        // that is a few log lines per export, tens of thousands in a short load run. Warnings stay.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        // The AppHost's health probe every few seconds would log a request line each time.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);

        // Logs carry trace and span ids, so the dashboard links a log line to its trace.
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetryPrefix + "*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryPrefix + "*")
                // Health probes every second would drown the events' traces.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthProbe(context))
                // A call our own client span already describes (an SNS publish) would be a second span saying the same.
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = _ => !IsInsideOwnClientSpan()));

        // At most Telemetry:MaxTracesPerSecond traces started a second by this process (0: all of
        // them); OTEL_TRACES_SAMPLER, the standard variable, decides instead when it is set.
        if (string.IsNullOrWhiteSpace(builder.Configuration[StandardSamplerVariable]) && MaxTracesPerSecond(builder.Configuration) is { } perSecond)
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(services =>
                new ParentBasedSampler(new TraceRateSampler(perSecond, services.GetService<TimeProvider>() ?? TimeProvider.System))));
        }

        // Export only when an OTLP endpoint is configured (the AppHost sets it; in AWS a collector).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // "live" checks say the process is responsive; everything else says it can do its job.
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Readiness: all checks must pass.
        app.MapHealthChecks(HealthEndpointPath);

        // Liveness: only the process itself, so a slow dependency doesn't get it restarted.
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains("live"),
        });

        return app;
    }

    /// <returns>Null when every trace is kept.</returns>
    private static int? MaxTracesPerSecond(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var configured = configuration[MaxTracesPerSecondKey];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return DefaultMaxTracesPerSecond;
        }

        if (!int.TryParse(configured, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var perSecond))
        {
            throw new InvalidOperationException($"{MaxTracesPerSecondKey} must be a whole number of traces a second (0 keeps every trace), not '{configured}'.");
        }

        return perSecond == 0 ? null : perSecond;
    }

    /// <summary>True when the HTTP request is sent under a client or producer span of one of our own sources.</summary>
    private static bool IsInsideOwnClientSpan()
    {
        // The filter runs once HttpClient started its own activity: the span that sends it is that one's parent.
        var current = Activity.Current;
        var sender = current?.Source.Name == HttpClientActivitySource ? current.Parent : current;
        return sender is { Kind: ActivityKind.Client or ActivityKind.Producer }
            && sender.Source.Name.StartsWith(TelemetryPrefix, StringComparison.Ordinal);
    }

    private static bool IsHealthProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthEndpointPath)
        || context.Request.Path.StartsWithSegments(AlivenessEndpointPath);
}
