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

    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
