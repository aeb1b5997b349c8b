using System.Diagnostics;
using Ingestion.Api.Events;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Api.Ordering;
using Ingestion.Api.Publishing;
using Ingestion.Api.Replay;
using Ingestion.Messaging.Aws;
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

        // Each source's event sequence: the order of updates, kept in the datastore table so every API instance shares it.
        services.AddOptions<SequencerOptions>().BindConfiguration(SequencerOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(AwsServiceConfig.Configure(new AmazonDynamoDBConfig(), builder.Configuration, AwsConfigurationKeys.DynamoDb)));
        services.TryAddSingleton<IEventSequencer, DynamoDbEventSequencer>();
        services.AddSingleton<PublishBatchSender>();
        services.AddSingleton<SingleEventBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<SingleEventBatcher>());
        services.AddSingleton<EventPublisher>();

        // Replay reads the archive (S3) and may aim at one queue (SQS) directly.
        services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName);
        services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(AwsServiceConfig.Configure(new AmazonS3Config { ForcePathStyle = true }, builder.Configuration, AwsConfigurationKeys.S3)));
        services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(AwsServiceConfig.Configure(new AmazonSQSConfig(), builder.Configuration, AwsConfigurationKeys.Sqs)));
        services.AddSingleton<ArchiveReplayer>();
        services.AddSingleton<SubscriberQueues>();
        services.AddSingleton<ReplayJobs>();
        services.AddHostedService(provider => provider.GetRequiredService<ReplayJobs>());
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
        app.MapReplayApi();
        return app;
    }
}
