using System.Diagnostics;
using System.Net;
using Ingestion.AppHost.Dashboard;

namespace Ingestion.Tests.Dashboard;

/// <summary>Starting a dashboard on free ports, and waiting for what it receives without sleeping blindly.</summary>
public static class TestDashboards
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static DashboardOptions FreePorts(bool unsecured = true, string? persistDirectory = null) => new()
    {
        Port = 0,
        OtlpGrpcPort = 0,
        OtlpHttpPort = 0,
        Unsecured = unsecured,
        QueueSampleInterval = TimeSpan.Zero,
        Telemetry = { PersistDirectory = persistDirectory },
    };

    public static Task<RunningDashboard> StartAsync(DashboardOptions options, FakeResourceMonitor? monitor = null, FakeTopology? topology = null) =>
        DashboardHost.StartAsync(options, monitor ?? FakeResourceMonitor.WithSampleResources(), topology ?? new FakeTopology(), TestOutputLoggerProvider.Factory(), TestContext.Current.CancellationToken);

    public static HttpClient Client(this RunningDashboard dashboard, bool followRedirects = true) =>
        new(new HttpClientHandler { AllowAutoRedirect = followRedirects, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = dashboard.DashboardUrl,
        };

    /// <summary>Polls until <paramref name="probe"/> returns non-null, or fails after <see cref="Deadline"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<T?> probe, string what)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Timed out after {Deadline.TotalSeconds} s waiting for {what}");
    }
}
