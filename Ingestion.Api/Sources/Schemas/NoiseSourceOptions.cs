using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Sources.Schemas;

/// <summary>Configuration section "Noise": what a valid reading is.</summary>
public sealed class NoiseSourceOptions
{
    public const string SectionName = "Noise";

    /// <summary>
    /// Neighbourhoods with sensors. Each must also have a queue in the template (see the README's
    /// "Adding a neighbourhood"); a reading from elsewhere is rejected rather than routed nowhere.
    /// </summary>
    [MinLength(1)]
    public List<string> Locations { get; set; } = ["HydePark", "Woodlawn", "Kenwood"];

    /// <summary>How far in the future a sensor's clock may be before its reading is rejected.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
