using Ingestion.Api.Access;
using Ingestion.Api.Sources;
using Ingestion.Messaging.Sns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Api.Replay;

public static class ReplayApi
{
    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        // Replaying re-sends any source's events: the admin key only.
        var replay = app.MapGroup("/replay").WithTags("Replay")
            .RequireAuthorization(AccessPolicies.AdminKey)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        replay.MapPost("", StartAsync)
            .WithName("Replay")
            .WithSummary("Publish a source's archived events of a time range again, in the background")
            .WithDescription("""
                Body: {"source": "noise", "from": "<ISO 8601>", "to": "<ISO 8601>", "target": "<queue name, optional>"}.
                Events received in [from, to) are read from the archive and published again through the topic (every subscriber
                whose filter matches), or sent to the one subscriber queue named by target, only those its subscription's filter
                lets through. A dead-letter queue or any queue not subscribed to the topic is refused. The replay runs in the
                background: 202 answers with its id and a Location to follow its progress. Replaying is safe to repeat.
                One replay covers at most 31 days (422 beyond: replay a longer range month by month). Replayed events carry the
                message attribute replayed=true and their envelope as archived.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        replay.MapGet("/{replayId}", StatusAsync)
            .WithName("ReplayStatus")
            .WithSummary("A replay's state and progress: objects read, events replayed, events its target's filter left out")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Accepted<ReplayStatus>, ValidationProblem, ProblemHttpResult>> StartAsync(
        ReplayRequest request, SourceCatalogue catalogue, SubscriberQueues subscribers, ReplayJobs jobs, ReplayJobStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.From is null)
        {
            errors["from"] = ["is required (ISO 8601)"];
        }

        if (request.To is null)
        {
            errors["to"] = ["is required (ISO 8601)"];
        }
        else if (request.From is { } start && request.To <= start)
        {
            errors["to"] = ["must be after from"];
        }

        if (request.Source is not { Length: > 0 })
        {
            errors["source"] = ["is required"];
        }

        SubscriberQueue? target = null;
        if (request.Target is { Length: > 0 } queueName)
        {
            try
            {
                target = await subscribers.FindAsync(queueName, cancellationToken);
                if (target is null)
                {
                    errors["target"] = [$"'{queueName}' is not a queue subscribed to the ingestion topic (dead-letter queues never are); omit target to replay through the topic"];
                }
            }
            catch (NotSupportedException exception)
            {
                errors["target"] = [$"the subscription of '{queueName}' has a filter a replay cannot apply ({exception.Message}); omit target to replay through the topic"];
            }
            catch (SnsException exception)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Replay not started",
                    detail: $"The topic's subscriptions could not be read ({exception.ErrorCode}); try again.");
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid replay request");
        }

        if (request.To!.Value - request.From!.Value > ReplayProblems.MaxSpan)
        {
            return ReplayProblems.RangeTooLarge(request.From.Value, request.To.Value);
        }

        if (!catalogue.TryGetSource(request.Source!, out var source))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown source",
                detail: $"No source is named '{request.Source}'. Known sources: {string.Join(", ", catalogue.SourceNames)}.");
        }

        var job = new ReplayJob(Guid.CreateVersion7().ToString("N"), source, request.From!.Value, request.To!.Value, target, time.GetUtcNow());
        try
        {
            // Stored before it is queued: whichever instance is asked about it knows it.
            await store.SaveAsync(job.Snapshot(), cancellationToken);
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            return StateUnavailable("Replay not started", "its state could not be stored");
        }

        if (!jobs.TryEnqueue(job))
        {
            job.Failed($"not started: {ReplayJobs.QueueCapacity} replays were waiting already", time.GetUtcNow());
            await store.TrySaveAsync(job.Snapshot(), cancellationToken);
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Replay not started",
                detail: $"{ReplayJobs.QueueCapacity} replays are waiting already; try again once they have run.");
        }

        return TypedResults.Accepted($"/replay/{job.Id}", job.Snapshot());
    }

    internal static async Task<Results<Ok<ReplayStatus>, ProblemHttpResult>> StatusAsync(string replayId, ReplayJobs jobs, ReplayJobStore store, CancellationToken cancellationToken)
    {
        // This instance's own jobs are the freshest; any other's are in the table.
        if (jobs.Find(replayId) is { } job)
        {
            return TypedResults.Ok(job.Snapshot());
        }

        try
        {
            return await store.FindAsync(replayId, cancellationToken) is { } status
                ? TypedResults.Ok(status)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown replay",
                    detail: $"No replay {replayId} is known (replays are kept {ReplayJobStore.KeptFor.TotalDays:0} days).");
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            return StateUnavailable("Replay state unavailable", "the table holding it could not be read");
        }
    }

    private static ProblemHttpResult StateUnavailable(string title, string why) => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: $"The data store is unreachable or throttling: {why}. Try again.");
}
