using System.Text;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.Tests.Dashboard;

public sealed class LiveUpdatesTests
{
    [Fact]
    public async Task TheStreamSaysWhatChanged()
    {
        var monitor = FakeResourceMonitor.WithSampleResources();
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(), monitor);
        using var client = dashboard.Client();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestDashboards.Deadline);
        await using var stream = await client.GetStreamAsync("/api/stream", timeout.Token);
        await ReadUntilAsync(stream, "retry:", timeout.Token);

        dashboard.Telemetry.AddSpans(SampleTelemetry.Event(1, "evt-live", DateTimeOffset.UtcNow));
        monitor.Write("api", "hello");

        var received = await ReadUntilAsync(stream, "console", timeout.Token);
        Assert.Contains("event: change", received);
        Assert.Contains("traces", received);
    }

    [Fact]
    public async Task OpenStreamsEndWhenTheDashboardStops()
    {
        var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts());
        using var client = dashboard.Client();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TestDashboards.Deadline);
        await using var stream = await client.GetStreamAsync("/api/stream", timeout.Token);
        await ReadUntilAsync(stream, "retry:", timeout.Token);

        await dashboard.DisposeAsync();

        var buffer = new byte[256];
        int read;
        try
        {
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
            }
        }
        catch (IOException)
        {
            read = 0;
        }

        Assert.Equal(0, read);
        Assert.False(timeout.IsCancellationRequested);
    }

    private static async Task<string> ReadUntilAsync(Stream stream, string text, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (!received.ToString().Contains(text, StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, $"the stream ended before '{text}': {received}");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return received.ToString();
    }
}
