namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// The topology scaled out as the AppHost's settings allow: the API as two replicas behind DCP's proxy
/// on one port, and sourceB's store worker as three replicas polling its queue. The visibility timeout
/// is the test topology's short one (<see cref="VisibilityTimeout"/>), so a replica paused past it is
/// a matter of seconds.
/// </summary>
public sealed class ScaleOutTopologyFixture : TopologyFixture
{
    public const int ApiReplicas = 2;
    public const int WorkerReplicas = 3;
    public const string ScaledWorker = "worker-sourceB";

    /// <summary>The base topology's Worker__Poller__VisibilityTimeout.</summary>
    public static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(6);

    protected override IEnumerable<string> AdditionalArguments =>
    [
        $"--AppHost:ApiReplicas={ApiReplicas}",
        $"--AppHost:WorkerReplicas:sourceB={WorkerReplicas}",
    ];
}

/// <summary>Its own AppHost, run when nothing else runs: five more processes do not fit beside another topology on two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScaleOutCollection : ICollectionFixture<ScaleOutTopologyFixture>
{
    public const string Name = "scale-out";
}
