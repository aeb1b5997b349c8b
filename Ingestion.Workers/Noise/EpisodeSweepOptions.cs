using Ingestion.Messaging.Aws;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The locations whose open episodes the sweeper closes: the stack's NoiseLocations output
/// (AWS:Resources:NoiseLocations, comma-separated), the same list the API accepts readings for.
/// Episodes are indexed per location (EpisodesByLocation), so the sweep asks each one.
/// </summary>
internal sealed class EpisodeSweepOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    public string NoiseLocations { get; set; } = "";

    public IReadOnlyList<string> Locations =>
        NoiseLocations.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
