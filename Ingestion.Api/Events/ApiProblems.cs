using Ingestion.Api.Publishing;
using Ingestion.Api.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Api.Events;

/// <summary>The problem+json answers of the events endpoint, worded for the producer who gets them.</summary>
public static class ApiProblems
{
    /// <summary>How many errors a problem counted past the ones it lists (0 when it lists them all).</summary>
    public const string ErrorsNotListedExtension = "errors_not_listed";

    public static ProblemHttpResult UnknownSource(string source, IEnumerable<string> known) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Unknown source",
        detail: $"No source is named '{source}'. Known sources: {string.Join(", ", known)}.");

    public static ProblemHttpResult UnsupportedMediaType(string? contentType) => TypedResults.Problem(
        statusCode: StatusCodes.Status415UnsupportedMediaType,
        title: "Unsupported media type",
        detail: $"Send the events as application/json in UTF-8, not '{contentType ?? "(no Content-Type)"}'.");

    public static ProblemHttpResult PayloadTooLarge() => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Request body too large",
        detail: $"A request body holds at most {IngestionLimits.MaxRequestBytes} bytes and {IngestionLimits.MaxEventsPerRequest} events; split it into several requests.");

    public static ProblemHttpResult MessageTooLarge(IEnumerable<int> indexes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Event too large",
        detail: $"Events at index {string.Join(", ", indexes)} exceed {IngestionLimits.MaxMessageBytes} bytes once wrapped for the topic.");

    public static ProblemHttpResult MalformedJson(string reason) => TypedResults.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Malformed JSON",
        detail: reason);

    public static ProblemHttpResult EntityNotSentBySource(ValidationErrors errors) => TypedResults.Problem(
        new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Entity not sent by this source",
            Detail = "Every event's entity_name must be one its source sends; nothing was published." + NotListed(errors),
            Extensions = { [ErrorsNotListedExtension] = errors.NotListed },
        });

    public static ValidationProblem SchemaViolations(ValidationErrors errors) => TypedResults.ValidationProblem(
        errors.ToDictionary(),
        title: "The events are invalid",
        detail: "Errors are listed under the field's path; nothing was published (a request is all-or-nothing)." + NotListed(errors),
        extensions: new Dictionary<string, object?> { [ErrorsNotListedExtension] = errors.NotListed });

    private static string NotListed(ValidationErrors errors) => errors.NotListed == 0
        ? ""
        : $" The first {ValidationErrors.MaxListed} errors are listed; {errors.NotListed} more are counted under '{ErrorsNotListedExtension}'.";

    public static ProblemHttpResult Throttled(string source, string what, int retryAfterSeconds) => TypedResults.Problem(
        statusCode: StatusCodes.Status429TooManyRequests,
        title: "Too many " + what,
        detail: $"'{source}' is sending {what} faster than its limit; nothing was published. Retry after {retryAfterSeconds} seconds with the same event_id values.");

    public static ProblemHttpResult EventIdReused(ValidationErrors errors) => TypedResults.Problem(
        new HttpValidationProblemDetails(errors.ToDictionary())
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "event_id reused for a different event",
            Detail = "An event_id names one event: two events of this request share one but differ in entity_name, version or body. Nothing was published; give each event its own event_id.",
        });

    /// <summary>503 when every failure may pass (SNS unreachable, throttling), else 500; never a stack trace.</summary>
    public static ProblemHttpResult NotPublished(IReadOnlyList<EventPublishOutcome> outcomes, int retryAfterSeconds)
    {
        var missing = outcomes.Where(outcome => outcome.Status != PublishStatus.Published).ToList();
        var transient = missing.All(outcome => outcome.Transient);
        var codes = string.Join(", ", missing.Select(outcome => outcome.ErrorCode).OfType<string>().Distinct());
        var what = $"{missing.Count} of {outcomes.Count} event(s) were not published ({codes}); the request is not acknowledged.";
        var when = transient
            ? $" SNS is unreachable or throttling: retry after {retryAfterSeconds} seconds."
            : " SNS refused them; retrying may not help, the error codes say why.";
        var how = outcomes.All(outcome => outcome.Event.EventIdFromClient)
            ? " Resending is safe: each event keeps its event_id, and SNS drops a repeated event_id within its 5-minute deduplication window (the workers also write idempotently)."
            : outcomes.Count == 1
                ? $" The API generated event_id {outcomes[0].Event.EventId}: resend with it as event_id (or as the Idempotency-Key header) so that SNS can deduplicate the retry."
                : " Resend with the event_id values listed under 'events' so that events already published are deduplicated instead of stored twice.";

        return TypedResults.Problem(
            statusCode: transient ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError,
            title: transient ? "Events not published yet" : "Events not published",
            detail: what + when + how,
            extensions: new Dictionary<string, object?> { ["events"] = outcomes.Select(EventPublishReport.From).ToList() });
    }
}
