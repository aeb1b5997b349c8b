using Amazon.S3;
using Ingestion.Messaging.Aws;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Polling;

namespace Ingestion.Workers.Archive;

/// <summary>The <c>archive</c> processor: every entity a producer sends, to S3 for replay.</summary>
internal static class ArchiveProcessor
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.SectionName)
            .Validate(archive => archive.ArchiveBucketName.Length > 0, $"{AwsConfigurationKeys.ResourcesSection}:{StackOutputNames.ArchiveBucketName} is required for the archive processor.").ValidateOnStart();
        services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(AwsServiceConfig.Configure(new AmazonS3Config { ForcePathStyle = true }, configuration, AwsConfigurationKeys.S3)));
        services.AddOptions<ArchiveOptions>().BindConfiguration(ArchiveOptions.BatchingSectionName);
        // The archive's own poller defaults, each unless configured: more loops (an object holds what they
        // have in hand), and a rest as long as an object waits to fill (nothing waits on the archive).
        bool Unset(string option) => configuration[$"{PollerOptions.SectionName}:{option}"] is null;
        services.Configure<PollerOptions>(poller =>
        {
            if (Unset(nameof(PollerOptions.Concurrency)))
            {
                poller.Concurrency = ArchiveOptions.ReceiveLoops;
            }

            if (Unset(nameof(PollerOptions.EarlyEmptyReceivePause)))
            {
                poller.EarlyEmptyReceivePause = ArchiveOptions.DefaultBatchWindow;
            }
        });

        services.AddSingleton<ArchiveBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<ArchiveBatcher>());

        // The archive keeps every source's events: the entities are the registry's, not listed again.
        foreach (var entity in WorkerEntities.All)
        {
            entity.AddHandler(services, typeof(ArchiveHandler<>));
        }
    }
}
