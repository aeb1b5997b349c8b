using System.Diagnostics;
using Ingestion.Api.Events;
using Ingestion.Api.Publishing;
using Ingestion.Api.Sources;
using Ingestion.Messaging.Sns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace Ingestion.Api;

public static class IngestionApiExtensions
{
    public static TBuilder AddIngestionApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;

        // Every error is problem+json carrying the trace id, the framework's own 404/405/500 included.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddOpenApi();

        // Which source sends which entities; a new source is a schema class and one line here.
        services.AddSupplyChainSources();
        services.AddNoiseSource();

        // A missing or wrong topic ARN stops the API at start, not at its first request.
        services.AddOptions<IngestionTopicOptions>().BindConfiguration(IngestionTopicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSnsClient(builder.Configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventRequestValidator>();
        services.AddSingleton<PublishBatchSender>();
        services.AddSingleton<SingleEventBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<SingleEventBatcher>());
        services.AddSingleton<EventPublisher>();
        return builder;
    }

    /// <summary>The API's pipeline and endpoints: error responses, OpenAPI at /openapi/v1.json, Scalar at /scalar, the events API.</summary>
    public static WebApplication UseIngestionApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapEventsApi();
        return app;
    }
}
