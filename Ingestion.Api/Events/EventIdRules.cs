using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <summary>
/// An event_id becomes the SNS MessageDeduplicationId, so it must be one: 1 to 128 characters
/// of printable ASCII (letters, digits, punctuation), no spaces.
/// </summary>
public static class EventIdRules
{
    public static string? Problem(string eventId) => eventId switch
    {
        "" => "must not be empty",
        { Length: > IngestionLimits.MaxEventIdLength } => $"must be at most {IngestionLimits.MaxEventIdLength} characters",
        _ when !eventId.All(EntityBody.IsVisibleAscii) => "may contain only printable ASCII letters, digits and punctuation (the SNS deduplication id alphabet)",
        _ => null,
    };

    public static string NewEventId() => Guid.CreateVersion7().ToString();
}
