using Amazon.DynamoDBv2;
using Amazon.SQS;
using Ingestion.Messaging;
using Ingestion.Messaging.Aws;
using Ingestion.Workers.Archive;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Ingestion.Workers.Processing;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers;

public static class IngestionWorkerExtensions
{
    /// <summary>Everything one worker process needs to drain its queue into the data store.</summary>
    public static TBuilder AddIngestionWorker<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Misconfiguration stops the process at start, with every problem named, not at the first message.
        services.AddOptions<WorkerOptions>().BindConfiguration(WorkerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.AddOptions<PollerOptions>().BindConfiguration(PollerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PollerOptions>, PollerOptionsValidator>();
        services.AddOptions<DataStoreOptions>().BindConfiguration(DataStoreOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // The host must wait for the in-flight batch's grace period before giving up on shutdown.
        // Read unvalidated: the host resolves HostOptions before validation runs, which must report bad settings itself.
        services.Configure<HostOptions>(host =>
        {
            var poller = configuration.GetSection(PollerOptions.SectionName).Get<PollerOptions>() ?? new PollerOptions();
            var needed = poller.ShutdownGracePeriod + TimeSpan.FromSeconds(20);
            host.ShutdownTimeout = host.ShutdownTimeout > needed ? host.ShutdownTimeout : needed;
        });

        services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(AwsServiceConfig.Configure(new AmazonSQSConfig(), configuration, AwsConfigurationKeys.Sqs)));
        services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(AwsServiceConfig.Configure(new AmazonDynamoDBConfig(), configuration, AwsConfigurationKeys.DynamoDb)));

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerMetrics>();
        services.AddSingleton<IItemStore, DynamoDbItemStore>();

        // One registration per processor; the one Worker:Processor names goes first, and
        // AddIngestionEntities only fills the gaps with the default store handlers.
        var processors = new WorkerProcessors()
            .Add(WorkerProcessorNames.Store, (_, _) => { })
            .Add(WorkerProcessorNames.Alerts, AlertsProcessor.AddServices)
            .Add(WorkerProcessorNames.Statistics, StatisticsProcessor.AddServices)
            .Add(WorkerProcessorNames.Archive, ArchiveProcessor.AddServices);
        services.AddSingleton(processors);
        processors.AddServices(configuration[$"{WorkerOptions.SectionName}:{nameof(WorkerOptions.Processor)}"] ?? WorkerProcessorNames.Store, services, configuration);

        services.AddIngestionEntities();

        services.AddSingleton<DeadLetterQueueLocator>();
        services.AddSingleton<ISourceQueue, SqsSourceQueue>();
        services.AddSingleton<IMessageProcessor, MessageProcessor>();
        services.AddSingleton<VisibilityExtender>();
        services.AddSingleton<StoreCircuit>();
        services.AddSingleton<RetryBackOff>(provider => new RetryBackOff(provider.GetRequiredService<IOptions<PollerOptions>>()));
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<PollerHeartbeat>();
        services.AddHostedService<SourceQueuePoller>();

        services.AddHealthChecks().AddCheck<PollerLivenessCheck>(PollerLivenessCheck.Name);
        return builder;
    }
}
