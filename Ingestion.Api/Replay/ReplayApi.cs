using Amazon.SQS;
using Ingestion.Api.Sources;
using Ingestion.Messaging.Sns;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Replay;

public static class ReplayApi
{
    public static IEndpointRouteBuilder MapReplayApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/replay", ReplayAsync)
            .WithTags("Replay")
            .WithName("Replay")
            .WithSummary("Publish a source's archived events of a time range again")
            .WithDescription("""
                Body: {"source": "noise", "from": "<ISO 8601>", "to": "<ISO 8601>", "target": "<queue name, optional>"}.
                Events received in [from, to) are read from the archive and published again to the topic (every subscriber),
                or sent to the one queue named by target. Workers store nothing twice, so replaying is safe to repeat.
                The answer reports how many archive objects were read and events replayed.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Ok<ReplayReport>, ValidationProblem, ProblemHttpResult>> ReplayAsync(
        ReplayRequest request, SourceCatalogue catalogue, ArchiveReplayer replayer, IConfiguration configuration, CancellationToken cancellationToken)
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
        else if (request.From is { } begin && request.To - begin > ReplayOptions.MaxRange)
        {
            errors["to"] = [$"a replay covers at most {ReplayOptions.MaxRange.TotalDays:0} days"];
        }

        string? targetUrl = null;
        if (request.Target is { Length: > 0 } target)
        {
            // The queues are the template's outputs: a target must be one of them, by name.
            targetUrl = configuration.GetSection(ReplayOptions.SectionName).GetChildren()
                .Select(output => output.Value)
                .FirstOrDefault(url => url is not null && url.StartsWith("http", StringComparison.Ordinal) && url.EndsWith("/" + target, StringComparison.Ordinal));
            if (targetUrl is null)
            {
                errors["target"] = [$"'{target}' is not a queue of this stack"];
            }
        }

        if (request.Source is not { Length: > 0 })
        {
            errors["source"] = ["is required"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid replay request");
        }

        if (!catalogue.TryGetSource(request.Source!, out var source))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown source",
                detail: $"No source is named '{request.Source}'. Known sources: {string.Join(", ", catalogue.SourceNames)}.");
        }

        try
        {
            return TypedResults.Ok(await replayer.ReplayAsync(source, request.From!.Value, request.To!.Value, targetUrl, cancellationToken));
        }
        catch (Exception exception) when (exception is SnsException or AmazonSQSException or Amazon.S3.AmazonS3Exception or HttpRequestException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Replay interrupted",
                detail: $"The archive or the topic could not be reached ({exception.GetType().Name}). Replaying again is safe: workers store nothing twice.");
        }
    }
}
