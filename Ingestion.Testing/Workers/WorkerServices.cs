using Ingestion.Workers.Configuration;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.Tests.Workers;

/// <summary>The worker's real message pipeline (dispatcher, handlers, processor) over a given item store.</summary>
internal static class WorkerServices
{
    public static ServiceProvider Build(IItemStore store, TraceParentMode mode = TraceParentMode.Parent) =>
        new ServiceCollection()
            .AddSingleton(store)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddMetrics()
            .AddSingleton<WorkerMetrics>()
            .Configure<WorkerOptions>(options =>
            {
                options.Name = "sourceB";
                options.QueueUrl = "http://127.0.0.1:4566/000000000000/ingestion-sourceB.fifo";
                options.TraceParentMode = mode;
            })
            .AddIngestionEntities()
            .AddSingleton<IMessageProcessor, MessageProcessor>()
            .BuildServiceProvider();
}
