using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Ingestion.Api.Replay;

/// <summary>
/// Replays run in the background, one at a time, in the order they were accepted: a request only
/// queues its job and answers 202 with where to watch it. The last <see cref="KeptJobs"/> jobs stay
/// visible; a restart of the API forgets them (replaying again is safe: workers store nothing twice).
/// </summary>
public sealed partial class ReplayJobs(ArchiveReplayer replayer, TimeProvider time, ILogger<ReplayJobs> logger) : BackgroundService
{
    public const int QueueCapacity = 16;
    public const int KeptJobs = 100;

    private readonly Channel<ReplayJob> _queue = Channel.CreateBounded<ReplayJob>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly ConcurrentDictionary<string, ReplayJob> _jobs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <returns>False when too many replays are waiting already.</returns>
    public bool TryEnqueue(ReplayJob job)
    {
        if (!_queue.Writer.TryWrite(job))
        {
            return false;
        }

        _jobs[job.Id] = job;
        _order.Enqueue(job.Id);
        while (_order.Count > KeptJobs && _order.TryDequeue(out var oldest))
        {
            _jobs.TryRemove(oldest, out _);
        }

        return true;
    }

    public ReplayJob? Find(string id) => _jobs.GetValueOrDefault(id);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            job.Started();
            try
            {
                await replayer.RunAsync(job, stoppingToken);
                job.Completed(time.GetUtcNow());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                job.Failed("the API stopped during the replay; replaying again is safe", time.GetUtcNow());
                throw;
            }
            catch (Exception exception)
            {
                ReplayFailed(logger, exception, job.Id);
                job.Failed($"{exception.GetType().Name}: {exception.Message}", time.GetUtcNow());
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay {ReplayId} failed")]
    private static partial void ReplayFailed(ILogger logger, Exception exception, string replayId);
}
