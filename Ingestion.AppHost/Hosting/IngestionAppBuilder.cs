using Ingestion.AppHost.Dashboard;
using Ingestion.AppHost.Emulators;
using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// Declares the app's resources, in the shape of Aspire's DistributedApplicationBuilder:
/// named resources, references between them, and configuration from the command line and
/// environment. <see cref="AppTopology"/> uses it for both `dotnet run` and the tests.
/// </summary>
public sealed class IngestionAppBuilder
{
    private readonly List<ProjectResource> _projects = [];
    private readonly List<Action<CloudFormationStackResource>> _perStack = [];

    private IngestionAppBuilder(IConfiguration configuration)
    {
        Configuration = configuration;
        Options = configuration.GetSection(AppHostOptions.SectionName).Get<AppHostOptions>() ?? new AppHostOptions();
        if (configuration["target"] is { Length: > 0 } target)
        {
            Options.Target = target; // `--target aws` as a plain switch
        }

        EmulatorOptions = configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();
    }

    public IConfiguration Configuration { get; }

    public AppHostOptions Options { get; }

    public EmulatorOptions EmulatorOptions { get; }

    public DashboardResource? Dashboard { get; private set; }

    public AwsResource? Aws { get; private set; }

    public CloudFormationStackResource? Stack { get; private set; }

    public IReadOnlyList<ProjectResource> Projects => _projects;

    internal IReadOnlyList<Action<CloudFormationStackResource>> PerStackDeclarations => _perStack;

    /// <param name="overrides">Highest-precedence settings (the testing builder's free ports, etc.).</param>
    public static IngestionAppBuilder Create(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())
            .Build();
        return new IngestionAppBuilder(configuration);
    }

    /// <summary>The dashboard on 18888 and the OTLP receivers every service exports to (18889 gRPC, 18890 HTTP).</summary>
    public DashboardResource AddDashboard()
    {
        Dashboard = new DashboardResource(DashboardOptions.FromConfiguration(Configuration));
        return Dashboard;
    }

    /// <summary>The emulators locally; the real account with --target aws.</summary>
    public AwsResource AddAws()
    {
        Aws = new AwsResource(Options, EmulatorOptions);
        return Aws;
    }

    /// <summary>The template's resources, deployed into (or read from) <paramref name="aws"/>.</summary>
    public CloudFormationStackResource AddCloudFormation(string templatePath, AwsResource aws)
    {
        Stack = new CloudFormationStackResource(Path.Combine(ServiceProjects.RepositoryRoot, templatePath), Options, aws);
        return Stack;
    }

    /// <param name="port">A pinned port (checked free), or 0 for any free one.</param>
    /// <param name="portSetting">The setting that pins it, named in the error when the port is taken.</param>
    public ProjectResource AddProject(string name, string project, int port = 0, string? portSetting = null)
    {
        if (_projects.Any(p => p.Name == name))
        {
            throw new InvalidOperationException($"A project named '{name}' already exists.");
        }

        var resource = new ProjectResource(name, project, port == 0 ? LoopbackPorts.Free() : LoopbackPorts.Resolve(port, portSetting ?? name));
        _projects.Add(resource);
        return resource;
    }

    /// <summary>
    /// Declarations that depend on what the deployed stack holds (its Ingestion::Workers list),
    /// run once the stack is deployed.
    /// </summary>
    public void ForDeployedStack(Action<CloudFormationStackResource> declare) => _perStack.Add(declare);

    public IngestionApp Build() => new(this);
}
