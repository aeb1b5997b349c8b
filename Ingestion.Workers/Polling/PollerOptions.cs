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

    /// <summary>
    /// How long a loop rests after a long poll that came back empty well before its wait was over. SQS
    /// holds a long poll until it has messages, so there this almost never happens; an emulator that
    /// answers every waiting poll when one message arrives (fauxqs) makes all the other loops come back
    /// empty at once, and without the rest they would poll again at once, for every message. Zero: no rest.
    /// </summary>
    public TimeSpan EarlyEmptyReceivePause { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Message groups of one batch processed at the same time.</summary>
    public int MaxConcurrentGroups { get; set; } = 10;

    /// <summary>
    /// The back-off of a message that failed on its first receive; it doubles with each further
    /// receive up to <see cref="FailedMessageMaxRetryDelay"/>, and the delay is drawn below that
    /// ceiling (full jitter) so messages failed together come back spread out.
    /// </summary>
    public TimeSpan FailedMessageRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The back-off's cap.</summary>
    public TimeSpan FailedMessageMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Transient store failures (throttling, 5xx, timeouts) in a row after which the store counts as
    /// down: the worker stops receiving and puts what it holds back uncharged (<see cref="StoreCircuit"/>).
    /// </summary>
    public int StoreOutageThreshold { get; set; } = 3;

    /// <summary>While the store is down, how often one batch is received to probe it.</summary>
    public TimeSpan StoreProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>On shutdown, how long in-flight messages may still run before they are cancelled and released.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The poller counts as stuck when no receive succeeded for this many long-poll waits.</summary>
    public int LivenessWaitMultiplier { get; set; } = 3;
}
