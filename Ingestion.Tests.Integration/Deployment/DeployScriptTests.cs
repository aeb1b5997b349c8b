using System.Diagnostics;
using Ingestion.Tests.Provisioning;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// deploy/deploy.sh and deploy/teardown.sh without an AWS account: each parses (bash -n), and a dry
/// run prints the commands a real run would execute, in order, with the right capabilities and
/// parameters; teardown keeps the data unless told otherwise.
/// </summary>
public sealed class DeployScriptTests
{
    private static string Script(string name) => Path.Combine(RepositoryFiles.Root, "deploy", name);

    [Theory]
    [InlineData("deploy.sh")]
    [InlineData("teardown.sh")]
    [InlineData("common.sh")]
    public async Task TheScriptParses(string name)
    {
        var (exitCode, output) = await BashAsync("-n", Script(name));

        Assert.True(exitCode == 0, output);
    }

    [Fact]
    public async Task ADryRunPushesBothImagesThenDeploysTheDataPlaneThenTheComputeStackForIt()
    {
        var (exitCode, output) = await BashAsync(Script("deploy.sh"), "--dry-run", "--region", "eu-west-1", "--stack", "prod",
            "--name-prefix", "ingestion-prod", "--neighbourhoods", "HydePark,SouthShore", "--certificate-arn", "arn:aws:acm:eu-west-1:1:certificate/c", "--tag", "t1");

        Assert.True(exitCode == 0, output);
        var commands = output.Split('\n').Where(line => line.StartsWith("+ ", StringComparison.Ordinal)).ToList();
        int IndexOf(params string[] parts) => commands.FindIndex(c => parts.All(p => c.Contains(p, StringComparison.Ordinal)));

        var api = IndexOf("dotnet publish", "Ingestion.Api", "-t:PublishContainer", "-p:ContainerRegistry=000000000000.dkr.ecr.eu-west-1.amazonaws.com", "-p:ContainerRepository=ingestion-api", "-p:ContainerImageTag=t1");
        var worker = IndexOf("dotnet publish", "Ingestion.Workers", "-t:PublishContainer", "-p:ContainerRepository=ingestion-worker");
        var dataPlane = IndexOf("aws cloudformation deploy", "--stack-name prod ", "cloudformation/ingestion.yaml", "CAPABILITY_NAMED_IAM CAPABILITY_AUTO_EXPAND", "NamePrefix=ingestion-prod", @"Neighbourhoods=HydePark\,SouthShore");
        var generate = IndexOf("dotnet run", "Ingestion.Deployment", "compute", @"--parameter Neighbourhoods=HydePark\,SouthShore");
        var compute = IndexOf("aws cloudformation deploy", "--stack-name prod-compute", "CAPABILITY_IAM", "DataPlaneStack=prod",
            "ApiImage=000000000000.dkr.ecr.eu-west-1.amazonaws.com/ingestion-api:t1", "WorkerImage=000000000000.dkr.ecr.eu-west-1.amazonaws.com/ingestion-worker:t1",
            "CertificateArn=arn:aws:acm:eu-west-1:1:certificate/c");
        Assert.All(new[] { api, worker, dataPlane, generate, compute }, index => Assert.True(index >= 0, string.Join('\n', commands)));
        Assert.True(api < dataPlane && worker < dataPlane && dataPlane < generate && generate < compute, string.Join('\n', commands));
        Assert.True(IndexOf("aws ecr create-repository", "ingestion-api") < api);

        Assert.Contains("API: http", output, StringComparison.Ordinal);
        foreach (var caller in new[] { "sourceA", "sourceB", "sourceC", "noise", "admin" })
        {
            Assert.Contains($"--secret-id ingestion-prod/api-keys/{caller} ", output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Ingestion")]
    [InlineData("a-prefix-longer-than-twenty")]
    public async Task APrefixCloudFormationWouldRejectStopsTheScriptBeforeAnyCommand(string prefix)
    {
        var (exitCode, output) = await BashAsync(Script("deploy.sh"), "--dry-run", "--region", "eu-west-1", "--name-prefix", prefix);

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("+ ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeardownDeletesBothStacksAndKeepsTheData()
    {
        var (exitCode, output) = await BashAsync(Script("teardown.sh"), "--dry-run", "--region", "eu-west-1");

        Assert.True(exitCode == 0, output);
        Assert.True(output.IndexOf("delete-stack --region eu-west-1 --stack-name ingestion-compute", StringComparison.Ordinal)
            < output.IndexOf("delete-stack --region eu-west-1 --stack-name ingestion ", StringComparison.Ordinal), output);
        Assert.DoesNotContain("delete-table", output, StringComparison.Ordinal);
        Assert.DoesNotContain("delete-bucket", output, StringComparison.Ordinal);
        Assert.Contains("Kept: table datastore", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeardownWithDeleteDataAlsoDeletesTheTableAndTheBucket()
    {
        var (exitCode, output) = await BashAsync(Script("teardown.sh"), "--dry-run", "--region", "eu-west-1", "--delete-data");

        Assert.True(exitCode == 0, output);
        Assert.Contains("aws dynamodb delete-table --region eu-west-1 --table-name datastore", output, StringComparison.Ordinal);
        Assert.Contains("aws s3api delete-bucket --region eu-west-1 --bucket ingestion-archive-", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> BashAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment.Remove("AWS_REGION");
        start.Environment.Remove("AWS_DEFAULT_REGION");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
