namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>Where a stack's resources are: deployed by us into local emulators, or by CloudFormation in AWS.</summary>
public enum AwsTarget
{
    Unset,
    LocalEmulators,
    DeployedStack,
}
