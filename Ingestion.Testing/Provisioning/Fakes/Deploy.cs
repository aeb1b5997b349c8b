using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Tests.Provisioning.Fakes;

internal static class Deploy
{
    public static Task<DeploymentResult> YamlAsync(string yaml, FakeAws aws, IReadOnlyDictionary<string, string>? parameters = null) =>
        new EmulatorDeployer().DeployAsync(
            CloudFormationTemplate.Parse(yaml),
            parameters ?? new Dictionary<string, string>(),
            aws.Clients,
            new StackContext(),
            TestContext.Current.CancellationToken);

    /// <summary>Deploys into fresh fakes and returns the outputs: the quickest way to see what an expression evaluates to.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> OutputsAsync(string yaml, IReadOnlyDictionary<string, string>? parameters = null)
    {
        using var aws = new FakeAws();
        return (await YamlAsync(yaml, aws, parameters)).Outputs.Outputs;
    }
}
