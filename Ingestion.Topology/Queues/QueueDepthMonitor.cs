using System.Globalization;
using Amazon.SQS;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Topology.Queues;

/// <summary>
/// Shows each queue's live depth in the dashboard: every <c>Queues:DepthInterval</c> (2 s) it
/// reads SQS's approximate counts (GetQueueAttributes: never a receive, which would count
/// towards a message's maxReceiveCount) and publishes them as the queue resource's properties.
/// A dead-letter queue is hidden while it is empty and shown once it holds a message: the
/// dashboard lists 9 worker queues rather than 27, and a failure appears as a new row under its
/// queue (its "Show hidden resources" setting lists the empty ones too). A queue's state is
/// published only when its counts changed (<see cref="PublishedDepths"/>).
/// </summary>
public sealed partial class QueueDepthMonitor(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    IConfiguration configuration,
    ILogger<QueueDepthMonitor> logger) : BackgroundService
{
    public const string Waiting = "aws.sqs.messages";
    public const string InFlight = "aws.sqs.messages_in_flight";
    public const string Delayed = "aws.sqs.messages_delayed";
    private const string SourceColumn = "resource.source";

    private readonly PublishedDepths _published = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queues = model.Resources.OfType<SqsQueueResource>().ToList();
        if (queues.Count == 0)
        {
            return;
        }

        var stack = queues[0].Stack;
        try
        {
            await stack.Deployed.WaitAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return; // the stack failed: its own state says why; there are no queues to watch
        }

        var interval = configuration.GetValue("Queues:DepthInterval", TimeSpan.FromSeconds(2));
        using var sqs = stack.Environment!.CreateSqsClient();
        using var timer = new PeriodicTimer(interval);
        do
        {
            foreach (var queue in queues)
            {
                await PublishDepthAsync(sqs, queue, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PublishDepthAsync(IAmazonSQS sqs, SqsQueueResource queue, CancellationToken cancellationToken)
    {
        QueueCounts counts;
        try
        {
            counts = await QueueCounts.ReadAsync(sqs, queue.Url!, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or Amazon.Runtime.AmazonClientException)
        {
            Log.DepthUnavailable(logger, queue.Name, exception.Message);
            _published.Forget(queue.Name);
            await notifications.PublishUpdateAsync(queue, state => state with { State = new ResourceStateSnapshot("Unavailable", KnownResourceStateStyles.Warn) });
            return;
        }

        if (!_published.Changed(queue.Name, counts))
        {
            return;
        }

        await notifications.PublishUpdateAsync(queue, state => state with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.Running, queue.IsDeadLetterQueue && counts.Visible > 0 ? KnownResourceStateStyles.Warn : KnownResourceStateStyles.Success),
            StartTimeStamp = state.StartTimeStamp ?? DateTime.UtcNow,
            IsHidden = queue.IsDeadLetterQueue && counts.IsEmpty,
            Properties = [
                .. state.Properties.Where(p => p.Name is not (Waiting or InFlight or Delayed or SourceColumn or "aws.sqs.queue_url")),
                // The dashboard's resource grid shows this property in its Source column: the depth at a glance.
                new(SourceColumn, $"{counts.Visible} waiting · {counts.InFlight} in flight"),
                new("aws.sqs.queue_url", queue.Url),
                new(Waiting, counts.Visible.ToString(CultureInfo.InvariantCulture)),
                new(InFlight, counts.InFlight.ToString(CultureInfo.InvariantCulture)),
                new(Delayed, counts.Delayed.ToString(CultureInfo.InvariantCulture)),
            ],
        });
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Depth of {Queue} unavailable: {Reason}")]
        public static partial void DepthUnavailable(ILogger logger, string queue, string reason);
    }
}
