using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// A service process started with nothing but the environment it is given (as ECS starts a task),
/// its output kept for failure messages, stopped with SIGTERM as ECS stops a task.
/// </summary>
internal sealed class TaskProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private TaskProcess(Process process) => _process = process;

    public string Output => string.Join('\n', _output.TakeLast(60));

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static TaskProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing inherited from the test host: no AWS keys, profiles or settings an ECS task would not have.
        start.Environment.Clear();
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
        var task = new TaskProcess(process);
        process.OutputDataReceived += (_, line) => task.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => task.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return task;
    }

    /// <summary>Sends SIGTERM and waits for the exit; returns how long it took, or null when it outlived <paramref name="stopTimeout"/>.</summary>
    public async Task<TimeSpan?> TerminateAsync(TimeSpan stopTimeout, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.StartNew();
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(stopTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return sent.Elapsed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
