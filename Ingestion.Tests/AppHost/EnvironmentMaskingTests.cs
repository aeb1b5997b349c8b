using Ingestion.AppHost.Processes;

namespace Ingestion.Tests.AppHost;

public sealed class EnvironmentMaskingTests
{
    [Theory]
    [InlineData("AWS_SECRET_ACCESS_KEY")]
    [InlineData("AWS_ACCESS_KEY_ID")]
    [InlineData("Dashboard__Token")]
    [InlineData("DB_PASSWORD")]
    public void SecretLookingValuesAreMasked(string name)
    {
        var masked = EnvironmentMasking.Masked(new Dictionary<string, string> { [name] = "hunter2" });

        Assert.Equal(EnvironmentMasking.Mask, masked[name]);
    }

    [Theory]
    [InlineData("AWS__Resources__IngestionTopicArn")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("ASPNETCORE_URLS")]
    public void OrdinarySettingsStayReadable(string name)
    {
        var masked = EnvironmentMasking.Masked(new Dictionary<string, string> { [name] = "value" });

        Assert.Equal("value", masked[name]);
    }
}
