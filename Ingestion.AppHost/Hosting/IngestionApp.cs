using Ingestion.AppHost.Model;
using Ingestion.AppHost.Processes;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// The running app: starts AWS (emulators), deploys the stack, starts every project and waits
/// until each is healthy; on dispose stops everything, services before emulators.
/// </summary>
public sealed partial class IngestionApp : IAsyncDisposable
{
    private readonly IngestionAppBuilder _builder;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _redeploy = new(1, 1);

    internal IngestionApp(IngestionAppBuilder builder)
    {
        _builder = builder;
        _loggerFactory = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(builder.Options.EchoConsole ? LogLevel.Information : LogLevel.Warning)
            // The dashboard's web servers would log every OTLP export and page request.
            .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning));
        _logger = _loggerFactory.CreateLogger("Ingestion.AppHost");
        Supervisor = new ProcessSupervisor(new SupervisorOptions(), _loggerFactory);
        if (builder.Options.EchoConsole)
        {
            new ConsoleEcho().Attach(Supervisor);
        }
    }

    public ProcessSupervisor Supervisor { get; }

    public IResourceMonitor Resources => Supervisor;

    public AwsEnvironment Aws => _builder.Aws?.Environment ?? throw new InvalidOperationException("The app declares no AWS.");

    public CloudFormationStackResource Stack => _builder.Stack ?? throw new InvalidOperationException("The app declares no stack.");

    public IReadOnlyList<ProjectResource> Projects => _builder.Projects;

    /// <summary>Where the services send telemetry (the AppHost's OTLP/HTTP receiver by default).</summary>
    public string OtlpEndpoint =>
        _builder.Options.OtlpEndpoint is { Length: > 0 } endpoint ? endpoint
        : _builder.Dashboard is { } dashboard ? dashboard.Running.OtlpHttpUrl.ToString().TrimEnd('/')
        : "http://127.0.0.1:18890";

    public DashboardResource Dashboard => _builder.Dashboard ?? throw new InvalidOperationException("The app declares no dashboard.");

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_builder.Dashboard is { } dashboard)
        {
            await dashboard.StartAsync(Supervisor, _loggerFactory, cancellationToken);
        }

        if (_builder.Aws is { } aws)
        {
            await aws.StartAsync(Supervisor, _logger, cancellationToken);
        }

        if (_builder.Stack is { } stack)
        {
            await stack.ResolveAsync(_builder.Configuration, _loggerFactory, cancellationToken);
            _builder.Dashboard?.Topology.Deployed(stack.Outputs, Aws.CreateSqsClient(), Aws.CreateDynamoDbClient());
            foreach (var declare in _builder.PerStackDeclarations)
            {
                declare(stack);
            }
        }

        var common = CommonServiceEnvironment();
        var processes = _builder.Projects.Select(project => Supervisor.Add(ProjectSpec(project, common))).ToList();
        await Task.WhenAll(processes.Select(process => process.StartAsync(cancellationToken)));
        Supervisor.ResourceChanged += RedeployAfterEmulatorRestart;
    }

    /// <summary>
    /// An emulator that restarted in memory has lost the template's resources: deploy them
    /// again (the deployment is idempotent), so the services find their queues and table.
    /// </summary>
    private void RedeployAfterEmulatorRestart(ResourceSnapshot snapshot)
    {
        if (snapshot is not { Type: ResourceTypes.Emulator, State: ResourceState.Running, Health: ResourceHealth.Healthy }
            || _builder.Stack is not { } stack
            || !Aws.IsLocal)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await _redeploy.WaitAsync();
            try
            {
                Log.Redeploying(_logger, snapshot.Name);
                await stack.ResolveAsync(_builder.Configuration, _loggerFactory, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.RedeployFailed(_logger, exception, snapshot.Name);
            }
            finally
            {
                _redeploy.Release();
            }
        });
    }

    /// <summary>Starts, prints the resource table, and runs until Ctrl+C or SIGTERM.</summary>
    public async Task RunAsync()
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true; // shut down in order instead of dying mid-way
            Supervisor.BeginShutdown();
            stop.Cancel();
        };
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                Supervisor.BeginShutdown();
                stop.Cancel();
            });

        try
        {
            await StartAsync(stop.Token);
            ResourceTable.Print(Supervisor.GetResources(), Console.Out);
            if (_builder.Dashboard is { } dashboard)
            {
                Console.Out.WriteLine($"Dashboard: {dashboard.Running.LoginUrl}");
                Console.Out.WriteLine();
            }

            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Log.Stopping(_logger);
        }
        catch (Exception exception) when (exception is InvalidOperationException or PortInUseException or TimeoutException
            or Provisioning.TemplateException or FileNotFoundException or Messaging.Sns.SnsException or Amazon.Runtime.AmazonServiceException)
        {
            // A start-up failure is the user's to fix (a busy port, a template error, a service
            // that cannot start): say what it is, without a stack trace, and stop what did start.
            Log.StartFailed(_logger, exception.Message);
            Environment.ExitCode = 1;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Supervisor.ResourceChanged -= RedeployAfterEmulatorRestart;
        await Supervisor.DisposeAsync();
        if (_builder.Dashboard is { } dashboard)
        {
            await dashboard.StopAsync();
        }

        _loggerFactory.Dispose();
    }

    private Dictionary<string, string> CommonServiceEnvironment()
    {
        var environment = BaseServiceEnvironment();
        foreach (var (key, value) in _builder.Options.ServiceEnvironment)
        {
            environment[key] = value;
        }

        return environment;
    }

    private Dictionary<string, string> BaseServiceEnvironment() => new()
    {
        ["DOTNET_ENVIRONMENT"] = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development",
        ["ASPNETCORE_ENVIRONMENT"] = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development",
        // Health probes every few seconds would bury the services' own output.
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = OtlpEndpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        // Quick export, so a trace is on the dashboard about a second after the event.
        ["OTEL_BSP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "5000",
        // Children stop themselves if the AppHost dies without stopping them (see ServiceDefaults).
        ["INGESTION_APPHOST_PID"] = Environment.ProcessId.ToString(),
    };

    public async Task WaitForResourceHealthyAsync(string resource, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var changed = new SemaphoreSlim(0);
        void OnChanged(ResourceSnapshot snapshot) => changed.Release();
        Supervisor.ResourceChanged += OnChanged;
        try
        {
            while (true)
            {
                var snapshot = Supervisor.GetResources().FirstOrDefault(r => r.Name == resource);
                if (snapshot is { State: ResourceState.Running, Health: ResourceHealth.Healthy })
                {
                    return;
                }

                try
                {
                    // Wake on any change, and re-check at least every second.
                    await changed.WaitAsync(TimeSpan.FromSeconds(1), deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"{resource} was not healthy within {timeout.TotalSeconds:0} s (last: {snapshot?.State}/{snapshot?.Health}).");
                }
            }
        }
        finally
        {
            Supervisor.ResourceChanged -= OnChanged;
        }
    }

    /// <summary>An HttpClient for a project resource, e.g. "api".</summary>
    public HttpClient CreateHttpClient(string resource) =>
        new() { BaseAddress = Projects.FirstOrDefault(p => p.Name == resource)?.Url ?? throw new KeyNotFoundException($"No project named '{resource}'.") };

    private static ProcessSpec ProjectSpec(ProjectResource project, IReadOnlyDictionary<string, string> common)
    {
        var assembly = ServiceProjects.AssemblyPath(project.Project);
        return new ProcessSpec(
            project.Name,
            ResourceTypes.Project,
            ServiceProjects.DotNetHost,
            [assembly],
            Path.GetDirectoryName(assembly)!,
            () => project.BuildEnvironment(common),
            new HealthProbe(new Uri(project.Url, "/health")),
            [project.Url.ToString()]);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Stopping every resource")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(Level = LogLevel.Critical, Message = "The app could not start: {Reason}")]
        public static partial void StartFailed(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "{Emulator} (re)started: deploying the template into it again")]
        public static partial void Redeploying(ILogger logger, string emulator);

        [LoggerMessage(Level = LogLevel.Error, Message = "Deploying the template again after {Emulator} restarted failed")]
        public static partial void RedeployFailed(ILogger logger, Exception exception, string emulator);
    }
}
