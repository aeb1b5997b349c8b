using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Ingestion.Api.Replay;

/// <summary>
/// Replays run in the background, one at a time, in the order they were accepted: a request only
/// queues its job and answers 202 with where to watch it. The last <see cref="KeptJobs"/> jobs of this
/// instance are answered from memory; every job's state is also kept in the table (<see cref="ReplayJobStore"/>),
/// at each change of state and every <see cref="ProgressInterval"/> while it runs, for the other instances.
/// </summary>
public sealed partial class ReplayJobs(ArchiveReplayer replayer, ReplayJobStore store, TimeProvider time, ILogger<ReplayJobs> logger) : BackgroundService
{
    public const int QueueCapacity = 16;
    public const int KeptJobs = 100;
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

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
            await store.TrySaveAsync(job.Snapshot(), stoppingToken);
            using var progress = new CancellationTokenSource();
            var saving = SaveProgressAsync(job, progress.Token);
            try
            {
                await replayer.RunAsync(job, stoppingToken);
                job.Completed(time.GetUtcNow());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                job.Failed("the API stopped during the replay; replaying again is safe", time.GetUtcNow());
                await StopSavingAsync(progress, saving);
                await store.TrySaveAsync(job.Snapshot(), CancellationToken.None);
                throw;
            }
            catch (Exception exception)
            {
                ReplayFailed(logger, exception, job.Id);
                job.Failed($"{exception.GetType().Name}: {exception.Message}", time.GetUtcNow());
            }

            await StopSavingAsync(progress, saving);
            await store.TrySaveAsync(job.Snapshot(), CancellationToken.None);
        }
    }

    private async Task SaveProgressAsync(ReplayJob job, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await store.TrySaveAsync(job.Snapshot(), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task StopSavingAsync(CancellationTokenSource progress, Task saving)
    {
        await progress.CancelAsync();
        await saving;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Replay {ReplayId} failed")]
    private static partial void ReplayFailed(ILogger logger, Exception exception, string replayId);
}
