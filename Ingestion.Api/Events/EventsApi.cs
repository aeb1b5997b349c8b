using System.Diagnostics;
using Ingestion.Api.Access;
using Ingestion.Api.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Ingestion.Api.Events;

public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/sources")
            .WithTags("Events")
            .MapPost("/{source}/events", PostEventsAsync)
            .WithName("PostEvents")
            .WithSummary("Submit one event or a batch of events from a source")
            .WithDescription($"""
                The body is one event or a JSON array of at most {IngestionLimits.MaxEventsPerRequest} events, in at most {IngestionLimits.MaxRequestBytes} bytes (application/json, UTF-8).
                A request is all-or-nothing: if any event is invalid, nothing is published and every error is listed.
                202 comes only after SNS has accepted every event. event_id defaults to the Idempotency-Key header (single event only), else a new UUIDv7
                (for a READING, a name-based UUID of its location, sensor and timestamp); resending an event with the same event_id and body is deduplicated,
                and one event_id given to two different events of a request is 422. An item's events are published one after the other, in request order:
                if one fails, its item's later events are not attempted. 503 (with Retry-After) means SNS is unreachable or throttling: resend later with the same event_ids.
                Send the source's key in X-Api-Key (401 without a valid key, 403 with another source's). Each source has its own rate limit for requests and
                for events: over it, 429 with Retry-After, and nothing is published.
                """)
            .AddOpenApiOperationTransformer(EventsRequestBodyDocumentation.DescribeAsync)
            .RequireAuthorization(AccessPolicies.SourceKey)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static async Task<Results<Accepted<EventsAccepted>, ValidationProblem, ProblemHttpResult>> PostEventsAsync(
        string source,
        [FromHeader(Name = IngestionLimits.IdempotencyKeyHeader)] string? idempotencyKey,
        HttpContext context,
        [AsParameters] EventsApiServices services)
    {
        // The server span's trace is the one the workers continue; producers use it to find the journey.
        var traceId = Activity.Current?.TraceId.ToHexString() ?? context.TraceIdentifier;
        var logger = services.Logger;
        using var sourceScope = logger.BeginScope(new Dictionary<string, object?> { [ApiTelemetry.SourceTag] = source });

        if (!services.Catalogue.TryGetSource(source, out var definition))
        {
            return Rejected(logger, source, ApiProblems.UnknownSource(source, services.Catalogue.SourceNames));
        }

        // Throttled before the body is read: a flood costs as little as possible and publishes nothing.
        if (services.Throttle.TryTakeRequest(source) is { } requestWait)
        {
            return Throttled(context, logger, source, requestWait, "requests");
        }

        var (document, readProblem) = await EventRequestReader.ReadAsync(context.Request, context.RequestAborted);
        if (document is null)
        {
            return Rejected(logger, source, readProblem!);
        }

        using (document)
        {
            var validation = services.Validator.Validate(definition, document.RootElement, idempotencyKey);
            if (!validation.IsValid)
            {
                if (validation.OnlyUnsentEntities)
                {
                    return Rejected(logger, source, ApiProblems.EntityNotSentBySource(validation.Errors));
                }

                if (validation.OnlyReusedEventIds)
                {
                    return Rejected(logger, source, ApiProblems.EventIdReused(validation.Errors));
                }

                ApiLog.RequestRejected(logger, source, StatusCodes.Status400BadRequest, "schema violations");
                return ApiProblems.SchemaViolations(validation.Errors);
            }

            if (services.Throttle.TryTakeEvents(source, validation.Events.Count) is { } eventsWait)
            {
                return Throttled(context, logger, source, eventsWait, "events");
            }

            // Consecutive stamps of this instance's clock, in request order; between instances the topic's order decides (README, the ordering rule).
            var firstStamp = services.Clock.Reserve(validation.Events.Count);
            var receivedAt = services.Time.GetUtcNow();
            var prepared = validation.Events.Select((validated, position) => PreparedEvent.Wrap(source, validated, receivedAt, firstStamp + position)).ToList();
            var oversized = prepared.Where(e => e.MessageBytes > IngestionLimits.MaxMessageBytes).Select(e => e.Event.Index).ToList();
            if (oversized.Count > 0)
            {
                return Rejected(logger, source, ApiProblems.MessageTooLarge(oversized));
            }

            using var eventScope = logger.BeginScope(EventScope(prepared));
            var outcomes = await services.Publisher.PublishAsync(source, prepared, context.RequestAborted);
            if (outcomes.All(outcome => outcome.Status == PublishStatus.Published))
            {
                ApiLog.EventsAccepted(logger, prepared.Count, source);
                var accepted = prepared.Select(e => new AcceptedEvent(e.Event.EventId, e.Event.EntityName)).ToList();
                return TypedResults.Accepted((string?)null, new EventsAccepted(traceId, Activity.Current?.Recorded ?? false, accepted));
            }

            var retryAfter = services.Publishing.Value.RetryAfterSeconds;
            var problem = ApiProblems.NotPublished(outcomes, retryAfter);
            if (problem.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            ApiLog.EventsNotPublished(logger, outcomes.Count(o => o.Status != PublishStatus.Published), outcomes.Count, source, problem.StatusCode);
            return problem;
        }
    }

    private static ProblemHttpResult Throttled(HttpContext context, ILogger logger, string source, TimeSpan wait, string what)
    {
        var seconds = (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ApiTelemetry.RecordThrottled(source, what);
        // Debug, not Information: a flood must not become a flood of log records too (the counter counts it).
        ApiLog.RequestThrottled(logger, source, what, seconds);
        return ApiProblems.Throttled(source, what, seconds);
    }

    private static ProblemHttpResult Rejected(ILogger logger, string source, ProblemHttpResult problem)
    {
        ApiLog.RequestRejected(logger, source, problem.StatusCode, problem.ProblemDetails.Title);
        return problem;
    }

    private static Dictionary<string, object?> EventScope(IReadOnlyList<PreparedEvent> events)
    {
        var scope = new Dictionary<string, object?>();
        if (events.Select(e => e.Event.EntityName).Distinct().Count() == 1)
        {
            scope[ApiTelemetry.EntityNameTag] = events[0].Event.EntityName;
        }

        if (events.Count == 1)
        {
            scope[ApiTelemetry.EventIdTag] = events[0].Event.EventId;
        }

        return scope;
    }
}
