using System.Net;
using System.Net.Sockets;
using Ingestion.Hosting.Emulators;

namespace Ingestion.Tests.Hosting;

/// <summary>
/// A free port for a service that binds it later must not be one the OS may hand to an outbound
/// connection meanwhile: CI saw a worker's health port taken that way through every restart.
/// </summary>
public sealed class LoopbackPortsTests
{
    [Fact]
    public void AFreePortLiesBelowTheOperatingSystemsEphemeralRangeAndCanBeBound()
    {
        // Read here as the OS states it, not through the helper.
        var ephemeralStart = File.Exists("/proc/sys/net/ipv4/ip_local_port_range")
            ? int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split('\t', ' ')[0], System.Globalization.CultureInfo.InvariantCulture)
            : 32_768;

        var ports = Enumerable.Range(0, 20).Select(_ => LoopbackPorts.Free()).ToList();

        Assert.All(ports, port => Assert.InRange(port, 1_024, ephemeralStart - 1));
        using var listener = new TcpListener(IPAddress.Loopback, ports[0]);
        listener.Start();
    }
}
