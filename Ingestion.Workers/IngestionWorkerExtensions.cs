using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Messaging.Aws;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
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

        // A specific processor's handlers go first: AddIngestionEntities only fills the gaps.
        switch (configuration[$"{WorkerOptions.SectionName}:{nameof(WorkerOptions.Processor)}"])
        {
            case WorkerOptions.AlertsProcessor:
                services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
                services.AddSingleton<IAlertStore, AlertStore>();
                services.AddSingleton<IMessageHandler<Reading>, AlertHandler>();
                break;
            case WorkerOptions.StatisticsProcessor:
                services.AddOptions<NoisyEpisodeOptions>().BindConfiguration(NoisyEpisodeOptions.SectionName);
                services.AddOptions<EpisodeSweepOptions>().BindConfiguration(EpisodeSweepOptions.SectionName)
                    .Validate(sweep => sweep.Locations.Count > 0, "AWS:Resources:NoiseLocations is required for the statistics processor (the template's NoiseLocations output): the sweeper closes each location's episodes.")
                    .ValidateOnStart();
                services.AddSingleton<EpisodeStore>();
                services.AddSingleton<StatisticsWindows>();
                services.AddSingleton<IMessageHandler<Reading>, StatisticsHandler>();
                services.AddHostedService<EpisodeSweeper>();
                break;
            case WorkerOptions.ArchiveProcessor:
                services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.SectionName)
                    .Validate(archive => archive.ArchiveBucketName.Length > 0, "AWS:Resources:ArchiveBucketName is required for the archive processor.").ValidateOnStart();
                services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(AwsServiceConfig.Configure(new AmazonS3Config { ForcePathStyle = true }, configuration, AwsConfigurationKeys.S3)));
                services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.BatchingSectionName);
                services.AddSingleton<ArchiveBatcher>();
                services.AddHostedService(provider => provider.GetRequiredService<ArchiveBatcher>());
                services.AddSingleton<IMessageHandler<Contract>, ArchiveHandler<Contract>>();
                services.AddSingleton<IMessageHandler<Milestone>, ArchiveHandler<Milestone>>();
                services.AddSingleton<IMessageHandler<Equipment>, ArchiveHandler<Equipment>>();
                services.AddSingleton<IMessageHandler<Reading>, ArchiveHandler<Reading>>();
                break;
        }

        services.AddIngestionEntities();

        services.AddSingleton<DeadLetterQueueLocator>();
        services.AddSingleton<ISourceQueue, SqsSourceQueue>();
        services.AddSingleton<IMessageProcessor, MessageProcessor>();
        services.AddSingleton<VisibilityExtender>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<PollerHeartbeat>();
        services.AddHostedService<SourceQueuePoller>();

        services.AddHealthChecks().AddCheck<PollerLivenessCheck>(PollerLivenessCheck.Name);
        return builder;
    }
}
