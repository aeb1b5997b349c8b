using Ingestion.AppHost.Hosting;

namespace Ingestion.AppHost.Testing;

/// <summary>
/// Builds the same topology as `dotnet run` (<see cref="AppTopology"/>) for tests, in the
/// spirit of Aspire's DistributedApplicationTestingBuilder: every port free, no console echo,
/// settings overridable. Start it, wait for named resources, then use
/// <see cref="IngestionApp.CreateHttpClient"/> and the AWS clients of <see cref="IngestionApp.Aws"/>.
/// </summary>
public static class IngestionTestingBuilder
{
    public static IngestionAppBuilder Create(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AppHost:ApiPort"] = "0",
            ["AppHost:EchoConsole"] = "false",
            ["Emulators:FauxqsPort"] = "0",
            ["Emulators:DynalitePort"] = "0",
            ["Emulators:DataDirectory"] = "",
            ["AppHost:Target"] = "local",
            ["Dashboard:Port"] = "0",
            ["Dashboard:OtlpGrpcPort"] = "0",
            ["Dashboard:OtlpHttpPort"] = "0",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = IngestionAppBuilder.Create([], settings);
        AppTopology.Define(builder);
        return builder;
    }
}
