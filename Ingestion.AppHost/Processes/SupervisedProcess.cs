using System.Diagnostics;
using Ingestion.AppHost.Model;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Processes;

/// <summary>
/// One child process under supervision: started with its environment, watched for health,
/// restarted with back-off when it crashes, stopped gracefully (SIGTERM, then kill) on request.
/// </summary>
public sealed partial class SupervisedProcess(
    ProcessSpec spec,
    ConsoleLogBuffer logs,
    HttpClient healthClient,
    RestartBackoff backoff,
    SupervisorOptions options,
    ILogger logger) : IAsyncDisposable
{
    private const string SetSid = "/usr/bin/setsid";

    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _disposed = new();
    private Process? _process;
    private ResourceState _state = ResourceState.NotStarted;
    private ResourceHealth _health = ResourceHealth.Unknown;
    private DateTimeOffset? _startedAt;
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();
    private int _restartCount;
    private int _quickCrashes;
    private int? _exitCode;
    private bool _stopRequested;

    public string Name => spec.Name;

    public event Action<ResourceSnapshot>? Changed;

    public int? ProcessId
    {
        get
        {
            lock (_lock)
            {
                return _process is { HasExited: false } ? _process.Id : null;
            }
        }
    }

    public ResourceSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new ResourceSnapshot(spec.Name, spec.Type, _state, _health, _startedAt, spec.Endpoints,
                EnvironmentMasking.Masked(_environment), _process is { HasExited: false } ? _process.Id : null, _restartCount, _exitCode);
        }
    }

    /// <summary>Starts the process and waits until it is healthy; throws if it never gets there.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _stopRequested = false;
        _quickCrashes = 0;
        await LaunchAndWaitHealthyAsync(cancellationToken);
        _ = Task.Run(() => MonitorHealthAsync(_disposed.Token), CancellationToken.None);
    }

    /// <summary>From here on an exit is a stop, not a crash: nothing is restarted during shutdown.</summary>
    public void BeginShutdown()
    {
        lock (_lock)
        {
            _stopRequested = true;
        }
    }

    public async Task StopAsync()
    {
        Process? process;
        lock (_lock)
        {
            _stopRequested = true;
            process = _process;
        }

        if (process is null || process.HasExited)
        {
            SetState(ResourceState.Stopped, ResourceHealth.Unknown);
            return;
        }

        SetState(ResourceState.Stopping, _health);
        await ProcessTermination.StopGracefullyAsync(process, options.StopGracePeriod);
        SetState(ResourceState.Stopped, ResourceHealth.Unknown);
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        lock (_lock)
        {
            _restartCount++;
        }

        await StartAsync(cancellationToken);
    }

    /// <summary>Kills the process abruptly, as a crash would; the supervisor then restarts it.</summary>
    public void Kill()
    {
        lock (_lock)
        {
            _process?.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await StopAsync();
        _disposed.Dispose();
    }

    private async Task LaunchAndWaitHealthyAsync(CancellationToken cancellationToken)
    {
        SetState(ResourceState.Starting, ResourceHealth.Unknown);
        var process = Launch();
        try
        {
            await WaitHealthyAsync(process, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                _stopRequested = true;
            }

            await ProcessTermination.StopGracefullyAsync(process, TimeSpan.Zero);
            SetState(ResourceState.FailedToStart, ResourceHealth.Unhealthy);
            var lastLines = string.Join(Environment.NewLine, logs.Read(spec.Name, 0, 20).Select(line => "  " + line.Text));
            throw new InvalidOperationException($"{spec.Name} did not become healthy: {exception.Message}\nLast output:\n{lastLines}", exception);
        }

        SetState(ResourceState.Running, ResourceHealth.Healthy);
    }

    private Process Launch()
    {
        var environment = spec.Environment();
        // In a session of its own, a child does not get the terminal's Ctrl+C: the AppHost stops
        // the services first (gracefully) and the emulators they depend on last.
        var isolate = OperatingSystem.IsLinux() && File.Exists(SetSid);
        var start = new ProcessStartInfo(isolate ? SetSid : spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true, // closed by the AppHost's death: the emulators exit on it
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (isolate)
        {
            start.ArgumentList.Add(spec.FileName);
        }

        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Write(e.Data, isError: true);
        process.Exited += (_, _) => OnExited(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_lock)
        {
            _process = process;
            _environment = environment;
            _startedAt = DateTimeOffset.UtcNow;
            _exitCode = null;
        }

        Log.Started(logger, spec.Name, process.Id);
        return process;
    }

    private void Write(string? text, bool isError)
    {
        if (text is not null)
        {
            logs.Write(spec.Name, text, isError);
        }
    }

    private async Task WaitHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        if (spec.Health is null)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.HealthTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"it exited with code {process.ExitCode} before answering {spec.Health.Url}");
            }

            if (await IsHealthyAsync(timeout.Token))
            {
                return;
            }

            try
            {
                await Task.Delay(options.HealthPollInterval, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{spec.Health.Url} did not answer healthy within {options.HealthTimeout.TotalSeconds:0} s");
            }
        }
    }

    private async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await healthClient.GetAsync(spec.Health!.Url, cancellationToken);
            return spec.Health.AnyAnswer || response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // the probe's own timeout
        }
    }

    /// <summary>Keeps the health column honest after start: a hung service shows Unhealthy.</summary>
    private async Task MonitorHealthAsync(CancellationToken cancellationToken)
    {
        if (spec.Health is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.HealthMonitorInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                ResourceState state;
                lock (_lock)
                {
                    state = _state;
                }

                if (state == ResourceState.Running)
                {
                    var healthy = await IsHealthyAsync(cancellationToken);
                    SetState(ResourceState.Running, healthy ? ResourceHealth.Healthy : ResourceHealth.Unhealthy, onlyIf: ResourceState.Running);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // AppHost shutting down.
        }
    }

    private void OnExited(Process process)
    {
        TimeSpan ranFor;
        lock (_lock)
        {
            if (!ReferenceEquals(process, _process))
            {
                return;
            }

            _exitCode = process.ExitCode;
            ranFor = DateTimeOffset.UtcNow - (_startedAt ?? DateTimeOffset.UtcNow);
            if (_stopRequested || _disposed.IsCancellationRequested)
            {
                return;
            }

            _quickCrashes = ranFor < backoff.StableRun ? _quickCrashes + 1 : 1;
        }

        Log.Crashed(logger, spec.Name, process.ExitCode, ranFor.TotalSeconds);
        var delay = backoff.NextDelay(_quickCrashes);
        if (delay is null)
        {
            Log.GaveUp(logger, spec.Name, _quickCrashes);
            SetState(ResourceState.Exited, ResourceHealth.Unhealthy);
            return;
        }

        SetState(ResourceState.Restarting, ResourceHealth.Unhealthy);
        _ = Task.Run(() => RestartAfterAsync(delay.Value), CancellationToken.None);
    }

    private async Task RestartAfterAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _disposed.Token);
            lock (_lock)
            {
                if (_stopRequested)
                {
                    return;
                }

                _restartCount++;
            }

            Log.Restarting(logger, spec.Name, _restartCount);
            await LaunchAndWaitHealthyAsync(_disposed.Token);
        }
        catch (OperationCanceledException)
        {
            // AppHost shutting down.
        }
        catch (InvalidOperationException exception)
        {
            Log.RestartFailed(logger, spec.Name, exception.Message);
        }
    }

    private void SetState(ResourceState state, ResourceHealth health, ResourceState? onlyIf = null)
    {
        lock (_lock)
        {
            if ((onlyIf is { } required && _state != required) || (_state == state && _health == health))
            {
                return;
            }

            _state = state;
            _health = health;
        }

        Changed?.Invoke(Snapshot());
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "{Resource} started as process {ProcessId}")]
        public static partial void Started(ILogger logger, string resource, int processId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited unexpectedly with code {ExitCode} after {Seconds:0.0} s")]
        public static partial void Crashed(ILogger logger, string resource, int exitCode, double seconds);

        [LoggerMessage(Level = LogLevel.Information, Message = "Restarting {Resource} (restart {RestartCount})")]
        public static partial void Restarting(ILogger logger, string resource, int restartCount);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} crashed {Crashes} times in a row soon after starting; not restarting it again")]
        public static partial void GaveUp(ILogger logger, string resource, int crashes);

        [LoggerMessage(Level = LogLevel.Error, Message = "Restarting {Resource} failed: {Reason}")]
        public static partial void RestartFailed(ILogger logger, string resource, string reason);
    }
}
