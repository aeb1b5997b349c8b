using Ingestion.AppHost.Dashboard.Queues;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/queues</c>: every source queue and its DLQ with counts;
/// <c>GET /api/queues/{name}/dead-letters</c>: the DLQ's messages with their errors;
/// <c>POST /api/queues/{name}/redrive</c>: move them back. <c>{name}</c> is the source queue's
/// name, its DLQ's name, or the worker's (source's) name.
/// </summary>
internal static class QueuesApi
{
    private const int PeekLimit = 100;
    private const int RedriveLimit = 1_000;

    public static IEndpointRouteBuilder MapQueuesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/queues");
        group.MapGet("/", ListAsync);
        group.MapGet("/{name}/dead-letters", async Task<IResult> (string name, IDashboardTopology topology, QueueInspector inspector, CancellationToken cancellationToken) =>
            Find(topology, name) is { DeadLetterUrl: { } url }
                ? TypedResults.Ok(await inspector.PeekAsync(url, PeekLimit, cancellationToken))
                : TypedResults.NotFound());
        group.MapPost("/{name}/redrive", async Task<IResult> (string name, IDashboardTopology topology, Redriver redriver, ILogger<Redriver> logger, CancellationToken cancellationToken) =>
        {
            if (Find(topology, name) is not { DeadLetterUrl: not null } queue)
            {
                return TypedResults.NotFound();
            }

            var result = await redriver.RedriveAsync(queue, RedriveLimit, cancellationToken);
            logger.Redriven(result.Moved, queue.DeadLetterName!, queue.Name, result.Failed);
            return TypedResults.Ok(result);
        });
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IDashboardTopology topology, QueueInspector inspector, CancellationToken cancellationToken)
    {
        var rows = new List<QueueDto>();
        foreach (var queue in topology.Queues)
        {
            rows.Add(new QueueDto(
                queue.Name,
                queue.Worker,
                queue.Url,
                await StatusAsync(queue.Url, isDeadLetter: false),
                queue.DeadLetterUrl is null ? null : await StatusAsync(queue.DeadLetterUrl, isDeadLetter: true)));
        }

        return TypedResults.Ok(rows);

        async Task<QueueStatusDto> StatusAsync(string url, bool isDeadLetter)
        {
            try
            {
                var counts = await inspector.CountAsync(url, cancellationToken);
                double? oldest = null;
                if (isDeadLetter && counts is { Visible: > 0 })
                {
                    var sent = (await inspector.PeekAsync(url, PeekLimit, cancellationToken)).Select(message => message.SentAt).Min();
                    oldest = sent is null ? null : Math.Max(0, (DateTimeOffset.UtcNow - sent.Value).TotalSeconds);
                }

                return new QueueStatusDto(DashboardQueue.NameOf(url), url, counts?.Visible, counts?.InFlight, counts?.Delayed, oldest, null);
            }
            catch (Exception exception) when (exception is Amazon.SQS.AmazonSQSException or HttpRequestException)
            {
                return new QueueStatusDto(DashboardQueue.NameOf(url), url, null, null, null, null, exception.Message);
            }
        }
    }

    private static DashboardQueue? Find(IDashboardTopology topology, string name) =>
        topology.Queues.FirstOrDefault(queue =>
            string.Equals(queue.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(queue.DeadLetterName, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(queue.Worker, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary><paramref name="OldestAgeSeconds"/> is known for dead-letter queues only (from peeked messages): source queues are never peeked.</summary>
internal sealed record QueueStatusDto(string Name, string Url, long? Messages, long? InFlight, long? Delayed, double? OldestAgeSeconds, string? Error);

internal sealed record QueueDto(string Name, string? Worker, string Url, QueueStatusDto Queue, QueueStatusDto? DeadLetter);
