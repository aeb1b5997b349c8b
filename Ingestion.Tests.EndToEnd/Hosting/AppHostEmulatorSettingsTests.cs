using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.Emulators;

namespace Ingestion.Tests.Hosting;

// GetEnvironmentVariableValuesAsync evaluates a resource's environment callbacks without
// starting anything; its replacement (ExecutionConfigurationBuilder) needs a running app's services.
#pragma warning disable CS0618

/// <summary>The AppHost (built, not started) reads the emulators' ports and data directory from the Emulators section.</summary>
public sealed class AppHostEmulatorSettingsTests
{
    [Fact]
    public async Task TheAppHostTakesTheEmulatorsPortsAndDataDirectoryFromTheEmulatorsSection()
    {
        var dynalitePort = LoopbackPorts.Free();
        var data = Directory.CreateTempSubdirectory("ingestion-emulator-data-").FullName;
        try
        {
            using var builder = await Aspire.Hosting.Testing.DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
                ["--AppHost:ApiPort=0", "--Emulators:FauxqsPort=0", $"--Emulators:DynalitePort={dynalitePort}", $"--Emulators:DataDirectory={data}"],
                TestContext.Current.CancellationToken);

            var dynalite = builder.Resources.OfType<DynaliteResource>().Single();
            var environment = await dynalite.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);

            Assert.Equal(new Uri($"http://127.0.0.1:{dynalitePort}"), dynalite.Url);
            Assert.Equal(Path.Combine(data, "dynalite"), environment["DYNALITE_PATH"]);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
