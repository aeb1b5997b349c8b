using Amazon.SQS;
using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Dashboard.Queues;

/// <summary>
/// Samples every queue's and dead-letter queue's counts into the telemetry store as gauges of
/// the <c>dashboard</c> resource (<c>ingestion.queue.messages</c>, <c>ingestion.queue.messages_in_flight</c>,
/// attribute <c>queue</c>), so queue depth is charted beside the services' own metrics.
/// </summary>
internal sealed class QueueDepthSampler(IDashboardTopology topology, QueueInspector inspector, TelemetryStore store, DashboardOptions options, ILogger<QueueDepthSampler> logger)
    : BackgroundService
{
    public const string Resource = "dashboard";
    private static readonly MetricIdentity Waiting = new("ingestion.queue.messages", "{message}", "Messages waiting in the queue (ApproximateNumberOfMessages).", MetricKind.Gauge);
    private static readonly MetricIdentity InFlight = new("ingestion.queue.messages_in_flight", "{message}", "Messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible).", MetricKind.Gauge);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.QueueSampleInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.QueueSampleInterval);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or TimeoutException)
            {
                logger.QueueSampleFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        var samples = new List<MetricSample>();
        var now = DateTimeOffset.UtcNow;
        foreach (var queue in topology.Queues)
        {
            foreach (var (name, url) in new[] { (queue.Name, queue.Url), (queue.DeadLetterName, queue.DeadLetterUrl) })
            {
                if (name is null || url is null || await inspector.CountAsync(url, cancellationToken) is not { } counts)
                {
                    continue;
                }

                var attributes = new Dictionary<string, string> { ["queue"] = name };
                samples.Add(new MetricSample(Waiting, Resource, attributes, now, counts.Visible, null, IsDelta: false));
                samples.Add(new MetricSample(InFlight, Resource, attributes, now, counts.InFlight, null, IsDelta: false));
            }
        }

        store.AddMetrics(samples);
    }
}
