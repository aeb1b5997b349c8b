namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>
/// The deployed template's Outputs (key → value), as CloudFormation gives them: plain strings,
/// nothing of the application. Services see each output as the configuration key
/// <c>AWS:Resources:&lt;OutputKey&gt;</c>.
/// </summary>
public sealed record StackOutputs(IReadOnlyDictionary<string, string> Outputs);
