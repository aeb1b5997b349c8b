using System.ComponentModel.DataAnnotations;
using Ingestion.Messaging.Aws;

namespace Ingestion.Api.Sources.Schemas;

/// <summary>Configuration section "Noise": what a valid reading is.</summary>
public sealed class NoiseSourceOptions
{
    public const string SectionName = "Noise";

    /// <summary>The stack output listing the template's neighbourhoods, comma-separated.</summary>
    public const string StackOutputKey = $"{AwsConfigurationKeys.ResourcesSection}:{StackOutputNames.NoiseLocations}";

    /// <summary>
    /// Neighbourhoods with sensors: the stack's NoiseLocations output (one per neighbourhood queue of
    /// the template), so a reading from elsewhere is rejected rather than routed nowhere. Set here
    /// only where there is no stack (tests).
    /// </summary>
    [MinLength(1, ErrorMessage = "No noise locations: the API takes them from the stack output NoiseLocations (configuration " + StackOutputKey + "), which is missing or empty.")]
    public List<string> Locations { get; set; } = [];

    /// <summary>How far in the future a sensor's clock may be before its reading is rejected.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);
}
