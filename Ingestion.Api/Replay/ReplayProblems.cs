using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ingestion.Api.Replay;

/// <summary>The problem+json answers of /replay that are more than a field error.</summary>
public static class ReplayProblems
{
    /// <summary>
    /// The longest range one replay covers: a month of archive hours (744 prefixes to list). A
    /// wider range would list an hour prefix for every hour of it (0001 to 9999 is millions) before
    /// it found an event; replay it month by month instead.
    /// </summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(31);

    public const string MaxSpanHoursExtension = "max_span_hours";
    public const string RequestedHoursExtension = "requested_hours";

    public static ProblemHttpResult RangeTooLarge(DateTimeOffset from, DateTimeOffset to) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity,
        title: "Replay range too large",
        detail: string.Create(CultureInfo.InvariantCulture,
            $"One replay covers at most {MaxSpan.TotalDays:0} days ({MaxSpan.TotalHours:0} archive hours); [{from:O}, {to:O}) spans {(to - from).TotalHours:0.#} hours. Nothing was started: send several replays of at most {MaxSpan.TotalDays:0} days each."),
        extensions: new Dictionary<string, object?>
        {
            [MaxSpanHoursExtension] = (long)MaxSpan.TotalHours,
            [RequestedHoursExtension] = Math.Ceiling((to - from).TotalHours),
        });
}
