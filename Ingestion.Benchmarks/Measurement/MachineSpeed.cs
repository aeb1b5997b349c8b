using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// How fast this machine runs code right now, timed on one thread before a level starts: a fixed
/// piece of compute (SHA-256 over 64 KiB, again and again for <see cref="ProbeDuration"/>) and the
/// time one memory access takes when it misses the caches (a pointer chase through 64 MiB in random
/// order). On this shared machine the same code has cost every process, the emulators and DCP
/// included, 15–70 % more CPU per event from one run to the next while the compute probe did not
/// move: other tenants' contention for memory and caches shows in the second probe if anywhere. With
/// the hypervisor's steal (<see cref="CpuTimes"/>) they tell a slower machine from slower code.
/// </summary>
internal static class MachineSpeed
{
    public static TimeSpan ProbeDuration { get; } = TimeSpan.FromMilliseconds(200);

    private static readonly byte[] Block = RandomNumberGenerator.GetBytes(64 * 1024);

    /// <returns>MiB hashed per second.</returns>
    public static double ProbeMiBPerSecond()
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ProbeDuration)
        {
            SHA256.HashData(Block, hash);
            bytes += Block.Length;
        }

        return bytes / (1024d * 1024) / clock.Elapsed.TotalSeconds;
    }

    // One cycle through every slot in random order (Sattolo's shuffle), so each step depends on the last
    // and lands far from it: the prefetcher cannot guess, and 64 MiB is many times any cache here.
    private static readonly Lazy<int[]> Chain = new(() =>
    {
        var next = new int[16 * 1024 * 1024];
        for (var slot = 0; slot < next.Length; slot++)
        {
            next[slot] = slot;
        }

        for (var slot = next.Length - 1; slot > 0; slot--)
        {
            var other = Random.Shared.Next(slot);
            (next[slot], next[other]) = (next[other], next[slot]);
        }

        return next;
    });

    /// <returns>Nanoseconds per dependent memory access.</returns>
    public static double ProbeMemoryNanoseconds()
    {
        var next = Chain.Value;
        const int StepsPerCheck = 100_000;
        long steps = 0;
        var slot = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ProbeDuration)
        {
            for (var step = 0; step < StepsPerCheck; step++)
            {
                slot = next[slot];
            }

            steps += StepsPerCheck;
        }

        GC.KeepAlive(slot);
        return clock.Elapsed.TotalMilliseconds * 1e6 / steps;
    }
}

/// <summary>The machine's CPU time in jiffies from /proc/stat's first line: all of it, and what the hypervisor took (steal).</summary>
internal sealed record CpuTimes(long Total, long Steal)
{
    public static CpuTimes? Read()
    {
        try
        {
            return Parse(File.ReadLines("/proc/stat").First());
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>"cpu  user nice system idle iowait irq softirq steal guest guest_nice".</summary>
    internal static CpuTimes? Parse(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 9 || fields[0] != "cpu")
        {
            return null;
        }

        // guest and guest_nice are already counted in user and nice.
        var values = fields.Skip(1).Take(8).Select(value => long.Parse(value, CultureInfo.InvariantCulture)).ToArray();
        return new CpuTimes(values.Sum(), values[7]);
    }

    /// <summary>The share of the machine's time the hypervisor took between <paramref name="start"/> and this.</summary>
    public double? StealShareSince(CpuTimes? start) =>
        start is null || Total <= start.Total ? null : (double)(Steal - start.Steal) / (Total - start.Total);
}
