using System.Net.Sockets;
using Ingestion.AppHost.Testing;

namespace Ingestion.Tests.EndToEnd;

/// <summary>Its own topology, because it stops it: after dispose nothing is left listening.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task DisposingTheAppLeavesNothingListening()
    {
        var app = IngestionTestingBuilder.Create().Build();
        int[] ports;
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            var dashboard = app.Dashboard.Running;
            ports = [app.Aws.SnsSqsS3Endpoint!.Port, app.Aws.DynamoDbEndpoint!.Port, .. app.Projects.Select(p => p.Port),
                dashboard.DashboardUrl.Port, dashboard.OtlpGrpcUrl.Port, dashboard.OtlpHttpUrl.Port];
            Assert.All(ports, port => Assert.True(IsListening(port), $"port {port} should be listening while the app runs"));
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.All(ports, port => Assert.False(IsListening(port), $"port {port} is still listening after dispose"));
    }

    private static bool IsListening(int port)
    {
        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
