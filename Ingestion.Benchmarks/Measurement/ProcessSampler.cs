using System.Globalization;

namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// Every process of the topology (the AppHost and its descendants), read from /proc once a
/// half-second: CPU ticks (utime + stime) and resident memory, so that a window's CPU seconds and
/// peak RSS can be told per process.
/// </summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly int _rootPid;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, ProcessSample> _latest = [];
    private readonly Dictionary<int, long> _peakRss = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProcessSampler(int rootPid)
    {
        _rootPid = rootPid;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Starts a window: what every process has used so far, and a fresh peak RSS.</summary>
    public ProcessWindow BeginWindow()
    {
        // Before the window's first sample: the probe's CPU is the benchmark's, not the level's.
        var speed = MachineSpeed.ProbeMiBPerSecond();
        var memory = MachineSpeed.ProbeMemoryNanoseconds();
        var samples = Sample();
        lock (_lock)
        {
            _peakRss.Clear();
            foreach (var sample in samples)
            {
                _peakRss[sample.Pid] = sample.RssBytes;
            }
        }

        return new ProcessWindow(samples.ToDictionary(sample => sample.Pid), LoadAverage.Read(), speed, memory, CpuTimes.Read());
    }

    /// <summary>CPU seconds and peak RSS per process name since <paramref name="window"/> began.</summary>
    public ProcessUsage EndWindow(ProcessWindow window, TimeSpan elapsed)
    {
        var end = Sample();
        Dictionary<int, long> peaks;
        lock (_lock)
        {
            peaks = new Dictionary<int, long>(_peakRss);
        }

        var rows = end
            .Select(sample => (sample, startTicks: window.Start.TryGetValue(sample.Pid, out var started) ? started.CpuTicks : 0))
            .GroupBy(entry => (entry.sample.Name, entry.sample.Group))
            .Select(group => new ProcessRow(
                group.Key.Name,
                group.Key.Group,
                group.Sum(entry => entry.sample.CpuTicks - entry.startTicks) / TicksPerSecond,
                group.Sum(entry => Math.Max(peaks.GetValueOrDefault(entry.sample.Pid), entry.sample.RssBytes))))
            .OrderBy(row => row.Group, StringComparer.Ordinal).ThenBy(row => row.Name, StringComparer.Ordinal)
            .ToList();
        return new ProcessUsage(rows, elapsed.TotalSeconds, window.LoadAverageAtStart, LoadAverage.Read(), window.SpeedMiBPerSecond, CpuTimes.Read()?.StealShareSince(window.CpuAtStart), window.MemoryNanoseconds);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var sample in Sample())
            {
                lock (_lock)
                {
                    _peakRss[sample.Pid] = Math.Max(_peakRss.GetValueOrDefault(sample.Pid), sample.RssBytes);
                }
            }

            try
            {
                await Task.Delay(500, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private List<ProcessSample> Sample()
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && ReadStat(pid) is { } stat)
            {
                parents[pid] = stat.ParentPid;
            }
        }

        // DCP's API server detaches from the AppHost (its parent becomes init) and watches it with --monitor <pid>.
        var roots = parents.Keys.Where(pid => pid == _rootPid || IsDcpOf(pid)).ToHashSet();
        var samples = new List<ProcessSample>();
        foreach (var pid in parents.Keys.Where(pid => IsInTree(pid, parents, roots)))
        {
            if (ReadStat(pid) is not { } stat)
            {
                continue;
            }

            var arguments = ReadText($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];
            var (name, group) = ProcessRoles.Classify(arguments, ReadServiceName(pid), pid == _rootPid);
            samples.Add(new ProcessSample(pid, name, group, stat.CpuTicks, ReadRss(pid)));
        }

        return samples;
    }

    private bool IsDcpOf(int pid)
    {
        var arguments = ReadText($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var monitor = Array.IndexOf(arguments, "--monitor");
        return arguments.Length > 0 && Path.GetFileName(arguments[0]) == "dcp" && monitor > 0 && monitor + 1 < arguments.Length
            && arguments[monitor + 1] == _rootPid.ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsInTree(int pid, Dictionary<int, int> parents, HashSet<int> roots)
    {
        for (var current = pid; current > 1; current = parents.GetValueOrDefault(current))
        {
            if (roots.Contains(current))
            {
                return true;
            }
        }

        return false;
    }

    private static (int ParentPid, long CpuTicks)? ReadStat(int pid)
    {
        var text = ReadText($"/proc/{pid}/stat");
        // The command name is in parentheses and may contain spaces: fields start after the last ')'.
        var close = text?.LastIndexOf(')') ?? -1;
        if (text is null || close < 0)
        {
            return null;
        }

        var fields = text[(close + 2)..].Split(' ');
        // After the name: state(0) ppid(1) … utime(11) stime(12).
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static long ReadRss(int pid)
    {
        var line = ReadText($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    internal static string? ReadServiceName(int pid)
    {
        var environment = ReadText($"/proc/{pid}/environ");
        return environment?.Split('\0').FirstOrDefault(v => v.StartsWith("OTEL_SERVICE_NAME=", StringComparison.Ordinal))?["OTEL_SERVICE_NAME=".Length..];
    }

    internal static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

internal sealed record ProcessSample(int Pid, string Name, string Group, long CpuTicks, long RssBytes);

internal sealed record ProcessWindow(IReadOnlyDictionary<int, ProcessSample> Start, double[] LoadAverageAtStart, double SpeedMiBPerSecond, double MemoryNanoseconds, CpuTimes? CpuAtStart);

internal sealed record ProcessRow(string Name, string Group, double CpuSeconds, long PeakRssBytes);

/// <param name="SpeedMiBPerSecond">The machine's speed probe just before the window (<see cref="MachineSpeed"/>).</param>
/// <param name="StealShare">The share of the machine's time the hypervisor took over the window, when /proc/stat tells.</param>
/// <param name="MemoryNanoseconds">The memory probe just before the window: nanoseconds per access that misses the caches.</param>
internal sealed record ProcessUsage(
    IReadOnlyList<ProcessRow> Processes, double WindowSeconds, double[] LoadAverageAtStart, double[] LoadAverageAtEnd, double? SpeedMiBPerSecond = null, double? StealShare = null, double? MemoryNanoseconds = null)
{
    /// <summary>CPU seconds a group's processes used over the window.</summary>
    public double CpuSeconds(string group) => Processes.Where(row => row.Group == group).Sum(row => row.CpuSeconds);

    /// <summary>Share of the whole machine (all cores) a group used over the window.</summary>
    public double MachineShare(string group) => CpuSeconds(group) / (WindowSeconds * Environment.ProcessorCount);
}

internal static class LoadAverage
{
    /// <summary>The 1, 5 and 15 minute load averages from /proc/loadavg.</summary>
    public static double[] Read()
    {
        try
        {
            return [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(value => double.Parse(value, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [0, 0, 0];
        }
    }
}
