using Ingestion.AppHost.Emulators;
using Ingestion.AppHost.Processes;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// Where AWS is for this run: locally the two emulators (installed from npm on first start,
/// supervised like the services, on loopback), or the real account with --target aws.
/// </summary>
public sealed class AwsResource(AppHostOptions options, EmulatorOptions emulatorOptions)
{
    private AwsEnvironment? _environment;

    public AwsEnvironment Environment => _environment ?? throw new InvalidOperationException("AWS has not been started yet.");

    internal async Task StartAsync(ProcessSupervisor supervisor, ILogger logger, CancellationToken cancellationToken)
    {
        if (options.IsAws)
        {
            _environment = new AwsEnvironment(options.Region, null, null);
            return;
        }

        var fauxqsPort = LoopbackPorts.Resolve(emulatorOptions.FauxqsPort, "Emulators:FauxqsPort");
        var dynalitePort = LoopbackPorts.Resolve(emulatorOptions.DynalitePort, "Emulators:DynalitePort");
        var directory = Path.Combine(ServiceProjects.RepositoryRoot, "emulators");
        await EmulatorInstaller.EnsureInstalledAsync(directory, logger, cancellationToken);

        var fauxqs = supervisor.Add(EmulatorSpecs.ForFauxqs(directory, fauxqsPort, emulatorOptions.DataDirectory));
        var dynalite = supervisor.Add(EmulatorSpecs.ForDynalite(directory, dynalitePort, emulatorOptions.DataDirectory));
        await Task.WhenAll(fauxqs.StartAsync(cancellationToken), dynalite.StartAsync(cancellationToken));
        _environment = new AwsEnvironment(options.Region, new Uri($"http://127.0.0.1:{fauxqsPort}"), new Uri($"http://127.0.0.1:{dynalitePort}"));
    }
}
