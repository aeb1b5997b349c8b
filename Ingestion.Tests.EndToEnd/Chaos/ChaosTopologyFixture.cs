using Ingestion.Tests.EndToEnd;

namespace Ingestion.Tests.Chaos;

/// <summary>
/// The topology with faults switched on through the AppHost, as a chaos run does: the store worker of
/// sourceB is throttled by DynamoDB, and the archive worker finds S3 failing, each for a minute from
/// its first call. Everything else (maxReceiveCount 3, a 1 s retry delay) is the ordinary test
/// topology's, so a worker that charged an outage to its messages would dead-letter them within seconds.
/// </summary>
public sealed class ChaosTopologyFixture : TopologyFixture
{
    public static readonly TimeSpan OutageLength = TimeSpan.FromMinutes(1);

    protected override IEnumerable<string> AdditionalArguments =>
    [
        "--AppHost:ServiceEnvironment:Chaos__DynamoDB__InjectionRate=1",
        "--AppHost:ServiceEnvironment:Chaos__DynamoDB__Fault=Throttle",
        $"--AppHost:ServiceEnvironment:Chaos__DynamoDB__Duration={OutageLength:c}",
        "--AppHost:ServiceEnvironment:Chaos__DynamoDB__Processes=worker-sourceB",
        "--AppHost:ServiceEnvironment:Chaos__S3__InjectionRate=1",
        "--AppHost:ServiceEnvironment:Chaos__S3__Fault=ServerError",
        $"--AppHost:ServiceEnvironment:Chaos__S3__Duration={OutageLength:c}",
        "--AppHost:ServiceEnvironment:Chaos__S3__Processes=worker-archive",
        // Probe often, so the test waits little past the outage.
        "--AppHost:ServiceEnvironment:Worker__Poller__StoreProbeInterval=00:00:02",
    ];
}
