using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// How fast this machine runs code right now: a fixed piece of work (SHA-256 over 64 KiB, again and
/// again for <see cref="ProbeDuration"/>) timed on one thread before a level starts. On a shared
/// machine the same code has taken 1.5–2× the CPU per event from one run to the next, every process
/// alike; the probe and the hypervisor's steal (<see cref="CpuTimes"/>) tell a reader whether a level
/// ran on a slower machine rather than slower code.
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
