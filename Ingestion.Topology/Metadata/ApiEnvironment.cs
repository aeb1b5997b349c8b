namespace Ingestion.Topology.Metadata;

/// <summary>The API's variables that the AppHost (locally) and the compute template (ECS) both set.</summary>
public static class ApiEnvironment
{
    /// <summary>
    /// The count of API instances each divides its rate limits by while the table does not answer
    /// (RateLimits:ApiInstances): the replicas locally, the most tasks the service scales to on ECS.
    /// </summary>
    public const string RateLimitInstances = "RateLimits__ApiInstances";
}
