namespace Ingestion.Hosting.AWS.Provisioning.Resources;

public enum ResourceOutcome
{
    /// <summary>Did not exist; created now.</summary>
    Created,

    /// <summary>Already there as the template describes it (a re-run).</summary>
    Existing,

    /// <summary>Already there; some settings differed and were changed to the template's.</summary>
    Updated,

    /// <summary>Not created locally; <see cref="ProvisionedResource.Notes"/> says why.</summary>
    Skipped,
}

/// <summary>
/// One resource after deployment: what Ref yields (<paramref name="PhysicalId"/>), what
/// Fn::GetAtt yields (<paramref name="Attributes"/>), and notes on settings that have no local
/// meaning, so nothing the template asks for is dropped without a word.
/// </summary>
public sealed record ProvisionedResource(
    string LogicalId,
    string Type,
    ResourceOutcome Outcome,
    string PhysicalId,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> Notes);
