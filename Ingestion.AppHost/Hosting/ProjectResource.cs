using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// A .NET service the AppHost runs from its build output, declared Aspire-style:
/// <c>builder.AddProject("api", ServiceProjects.Api).WithReference(stack)</c>.
/// </summary>
public sealed class ProjectResource(string name, string project, int port)
{
    private readonly List<Func<IReadOnlyDictionary<string, string>>> _environment = [];

    public string Name { get; } = name;

    public string Project { get; } = project;

    /// <summary>The service's HTTP port on 127.0.0.1 (its API, or only its health endpoints).</summary>
    public int Port { get; } = port;

    public Uri Url => new($"http://127.0.0.1:{Port}");

    /// <summary>Injects every stack output as AWS__Resources__&lt;Output&gt; and the AWS endpoints.</summary>
    public ProjectResource WithReference(CloudFormationStackResource stack)
    {
        _environment.Add(() => stack.ServiceEnvironment());
        return this;
    }

    /// <summary>Lets this service find <paramref name="other"/> as services__&lt;name&gt;__http__0.</summary>
    public ProjectResource WithReference(ProjectResource other)
    {
        _environment.Add(() => new Dictionary<string, string> { [$"services__{other.Name}__http__0"] = other.Url.ToString() });
        return this;
    }

    /// <summary>Makes this process drain the worker's queue.</summary>
    public ProjectResource WithWorker(WorkerDeclaration worker, CloudFormationStackResource stack) => WithWorker(worker, () => stack.Outputs);

    public ProjectResource WithWorker(WorkerDeclaration worker, StackOutputs outputs) => WithWorker(worker, () => outputs);

    private ProjectResource WithWorker(WorkerDeclaration worker, Func<StackOutputs> outputs)
    {
        _environment.Add(() => new Dictionary<string, string>
        {
            ["Worker__Name"] = worker.Name,
            ["Worker__Processor"] = worker.Processor,
            ["Worker__QueueUrl"] = outputs().Outputs[worker.QueueUrlOutput],
        });
        return this;
    }

    public ProjectResource WithEnvironment(string key, string value)
    {
        _environment.Add(() => new Dictionary<string, string> { [key] = value });
        return this;
    }

    internal IReadOnlyDictionary<string, string> BuildEnvironment(IReadOnlyDictionary<string, string> common)
    {
        var environment = new Dictionary<string, string>(common)
        {
            ["ASPNETCORE_URLS"] = Url.ToString().TrimEnd('/'),
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}",
        };
        foreach (var source in _environment)
        {
            foreach (var (key, value) in source())
            {
                environment[key] = value;
            }
        }

        return environment;
    }
}
