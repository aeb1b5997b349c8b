using Ingestion.Workers;
using Ingestion.Workers.Archive;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

public sealed class WorkerRegistrationTests
{
    private static readonly Dictionary<string, string?> ValidConfiguration = new()
    {
        ["Worker:Name"] = "sourceB",
        ["Worker:QueueUrl"] = "http://127.0.0.1:4566/000000000000/ingestion-sourceB.fifo",
        ["AWS:Region"] = "us-east-1",
        ["AWS:Endpoints:SQS"] = "http://127.0.0.1:4566",
        ["AWS:Endpoints:DynamoDB"] = "http://127.0.0.1:8000",
        ["AWS:Resources:DataStoreTableName"] = "datastore",
    };

    [Fact]
    public async Task AWorkerWithoutItsQueueRefusesToStartAndSaysWhatIsMissing()
    {
        using var host = Build(new Dictionary<string, string?> { ["AWS:Region"] = "us-east-1" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Worker:QueueUrl", failure.Message);
    }

    [Fact]
    public async Task ABadPollerSettingStopsTheStart()
    {
        using var host = Build(new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Poller:MaxMessages"] = "25" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxMessages", failure.Message);
    }

    [Fact]
    public void AConfiguredWorkerHasEverythingItsPollerNeeds()
    {
        using var host = Build(ValidConfiguration);

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<SourceQueuePoller>());
        Assert.Equal("ingestion-sourceB.fifo", host.Services.GetRequiredService<ISourceQueue>().QueueName);
        Assert.True(host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout > new PollerOptions().ShutdownGracePeriod);
    }

    [Fact]
    public async Task AStatisticsWorkerWithoutTheStacksNoiseLocationsRefusesToStart()
    {
        using var host = Build(new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Processor"] = "statistics" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("AWS:Resources:NoiseLocations", failure.Message);
    }

    [Fact]
    public void TheArchiveProcessorArchivesEveryEntityTheWorkersUnderstand()
    {
        using var host = Build(new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Processor"] = "archive", ["AWS:Resources:ArchiveBucketName"] = "archive" });

        Assert.Equal(4, WorkerEntities.All.Count);
        Assert.IsType<ArchiveHandler<Contract>>(host.Services.GetRequiredService<IMessageHandler<Contract>>());
        Assert.IsType<ArchiveHandler<Milestone>>(host.Services.GetRequiredService<IMessageHandler<Milestone>>());
        Assert.IsType<ArchiveHandler<Equipment>>(host.Services.GetRequiredService<IMessageHandler<Equipment>>());
        Assert.IsType<ArchiveHandler<Reading>>(host.Services.GetRequiredService<IMessageHandler<Reading>>());
    }

    [Theory]
    [InlineData("archive", null, 16)]
    [InlineData("archive", "3", 3)]
    [InlineData("store", null, 4)]
    public void TheArchiveHoldsSixteenBatchesAtOnceToFillItsObjectsUnlessToldOtherwise(string processor, string? configured, int loops)
    {
        var configuration = new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Processor"] = processor, ["AWS:Resources:ArchiveBucketName"] = "archive" };
        if (configured is not null)
        {
            configuration["Worker:Poller:Concurrency"] = configured;
        }

        using var host = Build(configuration);

        Assert.Equal(loops, host.Services.GetRequiredService<IOptions<PollerOptions>>().Value.Concurrency);
    }

    [Fact]
    public void AProcessorReplacesOnlyTheHandlersItRegistersTheRestAreStored()
    {
        using var host = Build(new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Processor"] = "alerts" });

        Assert.IsType<Ingestion.Workers.Noise.AlertHandler>(host.Services.GetRequiredService<IMessageHandler<Reading>>());
        Assert.IsType<StoreEntityHandler<Contract>>(host.Services.GetRequiredService<IMessageHandler<Contract>>());
        Assert.Single(host.Services.GetServices<IMessageHandler<Reading>>());
    }

    [Fact]
    public async Task AnUnknownProcessorRefusesToStartAndNamesTheRegisteredOnes()
    {
        using var host = Build(new Dictionary<string, string?>(ValidConfiguration) { ["Worker:Processor"] = "archiv" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("must be one of store, alerts, statistics, archive, not 'archiv'", failure.Message);
    }

    private static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddIngestionWorker();
        return builder.Build();
    }
}
