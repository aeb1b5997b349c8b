using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/resources</c> (pinned in DESIGN.md: name, type, state, health, endpoints; more
/// fields follow them) and the stop/start/restart actions.
/// </summary>
internal static class ResourcesApi
{
    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/resources");
        group.MapGet("/", (IResourceMonitor monitor) => TypedResults.Ok(monitor.GetResources().Select(ResourceDto.From).ToList()));
        foreach (var action in new[] { "start", "stop", "restart" })
        {
            group.MapPost("/{name}/" + action, (string name, IResourceMonitor monitor, CancellationToken cancellationToken) =>
                ActAsync(name, action, monitor, cancellationToken));
        }

        return endpoints;
    }

    private static async Task<IResult> ActAsync(string name, string action, IResourceMonitor monitor, CancellationToken cancellationToken)
    {
        if (!monitor.GetResources().Any(resource => resource.Name == name))
        {
            return TypedResults.NotFound();
        }

        try
        {
            await (action switch
            {
                "start" => monitor.StartAsync(name, cancellationToken),
                "stop" => monitor.StopAsync(name, cancellationToken),
                _ => monitor.RestartAsync(name, cancellationToken),
            });
            return TypedResults.Accepted((string?)null, ResourceDto.From(monitor.GetResources().First(resource => resource.Name == name)));
        }
        catch (InvalidOperationException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: $"Cannot {action} {name}");
        }
    }
}

internal sealed record ResourceDto(
    string Name,
    string Type,
    ResourceState State,
    ResourceHealth Health,
    IReadOnlyList<string> Endpoints,
    DateTimeOffset? StartedAt,
    int? ProcessId,
    int RestartCount,
    int? ExitCode,
    IReadOnlyDictionary<string, string> Environment)
{
    public static ResourceDto From(ResourceSnapshot resource) => new(
        resource.Name,
        resource.Type,
        resource.State,
        resource.Health,
        resource.Endpoints,
        resource.StartedAt,
        resource.ProcessId,
        resource.RestartCount,
        resource.ExitCode,
        SecretMasker.Mask(resource.Environment));
}
