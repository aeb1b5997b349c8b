using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Hosting;

/// <summary>
/// The services' console (what the dashboard's console logs show) stays readable: telemetry
/// exports and health probes log nothing at Information, while warnings still come through.
/// </summary>
public sealed class ServiceDefaultsLoggingTests
{
    [Theory]
    [InlineData("System.Net.Http.HttpClient.OtlpTraceExporter.ClientHandler")]
    [InlineData("System.Net.Http.HttpClient.Default.LogicalHandler")]
    [InlineData("Polly")]
    [InlineData("Microsoft.AspNetCore.Hosting.Diagnostics")]
    public void PerRequestInformationIsQuietButWarningsStandOut(string category)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(category);

        Assert.False(logger.IsEnabled(LogLevel.Information), $"{category} logs at Information");
        Assert.True(logger.IsEnabled(LogLevel.Warning), $"{category} hides warnings");
    }

    [Fact]
    public void TheServicesOwnInformationStillLogs()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();

        Assert.True(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ingestion.Workers.Polling").IsEnabled(LogLevel.Information));
    }
}
