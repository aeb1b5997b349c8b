namespace Ingestion.Messaging.Entities;

/// <summary>
/// Every <c>ENTITY_NAME</c> in the table, the producers' entities and the ones the workers derive,
/// in one place the API and the workers share (docs/internals.md lists them).
/// </summary>
public static class EntityNames
{
    public const string Contract = "CONTRACT";
    public const string Milestone = "MILESTONE";
    public const string Equipment = "EQUIPMENT";
    public const string Reading = "READING";
    public const string Alert = "ALERT";
    public const string NoiseStatistics = "NOISE_STATS";
    public const string NoiseEpisode = "NOISE_EPISODE";

    /// <summary>The entities producers send (the rest the workers derive): each event of one has an applied record.</summary>
    public static IReadOnlyList<string> FromProducers { get; } = [Contract, Milestone, Equipment, Reading];
}
