using System.Net;
using System.Net.Sockets;

namespace Ingestion.Hosting.Emulators;

/// <summary>Loopback port helpers: free ports for tests, and a clear error when a pinned one is taken.</summary>
public static class LoopbackPorts
{
    /// <summary>The port to use: <paramref name="configured"/>, or a free one when it is 0.</summary>
    public static int Resolve(int configured, string settingName)
    {
        if (configured == 0)
        {
            return Free();
        }

        EnsureAvailable(configured, settingName);
        return configured;
    }

    // Below every usual ephemeral range (Linux 32768+, Windows and macOS 49152+), above the well-known ports.
    private const int LowestCandidate = 10_000;
    private const int DefaultEphemeralStart = 32_768;

    /// <summary>
    /// A free loopback port below the OS's ephemeral range. A port the OS picked (bind to 0) and that is
    /// released again is handed to the next outbound connection that needs one; the service binds it
    /// seconds later, and found it taken (CI: a worker's health port held by a client's connection
    /// through every restart). Ports below the range are never given to outbound connections.
    /// </summary>
    public static int Free()
    {
        var below = Math.Max(LowestCandidate + 1, EphemeralStart());
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestCandidate, below);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // Someone listens there: draw again.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {LowestCandidate} and {below} in 200 draws.");
    }

    /// <summary>The first port of the OS's ephemeral range (Linux says; elsewhere the lowest usual one).</summary>
    internal static int EphemeralStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(range)
            && File.ReadAllText(range).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
            && int.TryParse(first, System.Globalization.CultureInfo.InvariantCulture, out var start))
        {
            return Math.Min(start, DefaultEphemeralStart);
        }

        return DefaultEphemeralStart;
    }

    public static void EnsureAvailable(int port, string settingName)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new PortInUseException(port, settingName, exception);
        }
    }
}

public sealed class PortInUseException(int port, string settingName, Exception inner)
    : Exception($"Port {port} on 127.0.0.1 is already in use. Stop whatever listens there (is another AppHost running?) or choose another port with --{settingName}=<port> or the environment variable {settingName.Replace(":", "__", StringComparison.Ordinal)}.", inner)
{
    public int Port { get; } = port;
}
