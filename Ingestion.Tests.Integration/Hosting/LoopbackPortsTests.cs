using System.Net;
using System.Net.Sockets;
using Ingestion.Hosting.Emulators;

namespace Ingestion.Tests.Hosting;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void APortInUseIsAClearErrorNamingThePortAndTheSetting()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = Assert.Throws<PortInUseException>(() => LoopbackPorts.Resolve(port, "Emulators:FauxqsPort"));

        Assert.Contains(port.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("Emulators:FauxqsPort", error.Message, StringComparison.Ordinal);
        Assert.Contains("Emulators__FauxqsPort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroMeansAnyFreePort()
    {
        var port = LoopbackPorts.Resolve(0, "AppHost:ApiPort");

        Assert.InRange(port, 1, 65535);
    }
}
