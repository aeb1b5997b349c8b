namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>Creates (or finds) one resource type in the emulators. One small class per type.</summary>
internal interface IResourceProvisioner
{
    IReadOnlyCollection<string> ResourceTypes { get; }

    Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken);
}

/// <param name="Properties">Already evaluated: plain JSON, no intrinsic functions left.</param>
internal sealed record ResourceRequest(string LogicalId, string Type, ResourceProperties Properties, StackContext Stack)
{
    public string Where => $"Resource {LogicalId} ({Type})";
}
