namespace Ingestion.Workers.Processing;

/// <summary>
/// The processors a worker can run (<c>Worker:Processor</c>), one registration each: what the
/// processor adds to the services before the entities' default handlers fill the gaps. Adding a
/// processor is one <see cref="Add"/>; the options validator names these when the setting is wrong.
/// </summary>
internal sealed class WorkerProcessors
{
    private readonly Dictionary<string, Action<IServiceCollection, IConfiguration>> _processors = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _processors.Keys;

    public WorkerProcessors Add(string name, Action<IServiceCollection, IConfiguration> addServices)
    {
        _processors.Add(name, addServices);
        return this;
    }

    /// <summary>Adds the named processor's services; an unknown name adds nothing (the validator stops the process at start).</summary>
    public void AddServices(string name, IServiceCollection services, IConfiguration configuration)
    {
        if (_processors.TryGetValue(name, out var addServices))
        {
            addServices(services, configuration);
        }
    }
}
