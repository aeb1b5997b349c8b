namespace Ingestion.Workers.Polling;

/// <summary>
/// How <see cref="SourceQueuePoller"/> receives, holds and settles messages (after
/// aws-dotnet-messaging's SQSMessagePollerOptions). Bound from <c>Worker:Poller</c>, validated at start-up.
/// </summary>
internal sealed class PollerOptions
{
    public const string SectionName = "Worker:Poller";

    /// <summary>Messages per ReceiveMessage call: 1 to 10 (the SQS maximum).</summary>
    public int MaxMessages { get; set; } = 10;

    /// <summary>Long-poll wait: 0 to 20 seconds. 20 keeps empty receives (and their cost) rare.</summary>
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>How long a received message stays hidden; renewed while its work is still running.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the extender looks for messages whose visibility is about to run out.</summary>
    public TimeSpan VisibilityExtensionInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A message whose visibility ends within this much time gets a fresh <see cref="VisibilityTimeout"/>.</summary>
    public TimeSpan VisibilityExtensionThreshold { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receive loops running at once, each with its own batch in hand. One loop waits for a whole
    /// receive → process → delete round trip before it asks for more, which caps a worker at ten
    /// messages per round trip; FIFO queues hand a message group to one receiver at a time, so
    /// concurrent loops never reorder a group.
    /// </summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Message groups of one batch processed at the same time.</summary>
    public int MaxConcurrentGroups { get; set; } = 10;

    /// <summary>
    /// How long a failed message stays hidden before SQS offers it again: a short back-off
    /// instead of the full visibility timeout, so a poison message reaches the DLQ in minutes.
    /// </summary>
    public TimeSpan FailedMessageRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, how long in-flight messages may still run before they are cancelled and released.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The poller counts as stuck when no receive succeeded for this many long-poll waits.</summary>
    public int LivenessWaitMultiplier { get; set; } = 3;
}
