using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

/// <summary>The workers' view of the pinned item IDs; the definitions live in <see cref="ItemKeys"/>, shared with the API.</summary>
internal static class ItemIds
{
    public static string Contract(string contractId) => ItemKeys.Contract(contractId);

    public static string Milestone(string milestoneId) => ItemKeys.Milestone(milestoneId);

    public static string Equipment(string equipmentId) => ItemKeys.Equipment(equipmentId);

    public static string Reading(string location, string sensor, DateTimeOffset timestamp) => ItemKeys.Reading(location, sensor, timestamp);

    public static string NormalizeTimestamp(DateTimeOffset timestamp) => ItemKeys.NormalizeTimestamp(timestamp);
}
