using System.Diagnostics;

namespace Ingestion.Tests.Provisioning;

/// <summary>
/// The production template must be valid CloudFormation. The linter is AWS's cfn-lint (the
/// Python one, part of this machine image): the npm package called cfn-lint froze its resource
/// specification in 2019 and rejects FifoTopic, FifoThroughputScope, DeduplicationScope,
/// FifoThroughputLimit and FilterPolicyScope, all of which AWS has supported for years.
/// </summary>
public sealed class CfnLintTests
{
    [Fact]
    public async Task ProductionTemplatePassesCfnLint()
    {
        var (exitCode, output) = await LintAsync(RepositoryFiles.Template);
        Assert.True(exitCode == 0, $"cfn-lint found problems in cloudformation/ingestion.yaml:\n{output}");
    }

    /// <summary>Proves the linter really reads the template: a broken reference must fail it.</summary>
    [Fact]
    public async Task CfnLintRejectsABrokenReference()
    {
        var broken = Path.Combine(Path.GetTempPath(), $"ingestion-broken-{Guid.NewGuid():N}.yaml");
        var text = await File.ReadAllTextAsync(RepositoryFiles.Template, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(broken, text.Replace("!GetAtt NoiseAlertsQueue.Arn", "!GetAtt NoiseAlertsQueu.Arn", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, output) = await LintAsync(broken);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("NoiseAlertsQueu", output);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    /// <summary>The documented "adding a neighbourhood" steps keep the template valid CloudFormation.</summary>
    [Fact]
    public async Task TheTemplateWithANeighbourhoodAddedByTheRecipePassesCfnLint()
    {
        var added = Path.Combine(Path.GetTempPath(), $"ingestion-southshore-{Guid.NewGuid():N}.yaml");
        var text = await File.ReadAllTextAsync(RepositoryFiles.Template, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(added, Support.NeighbourhoodRecipe.AddNeighbourhood(text, "SouthShore"), TestContext.Current.CancellationToken);
        try
        {
            var (exitCode, output) = await LintAsync(added);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            File.Delete(added);
        }
    }

    internal static async Task<(int ExitCode, string Output)> LintAsync(string template)
    {
        var start = new ProcessStartInfo(FindCfnLint(), [template])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindCfnLint()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "cfn-lint"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new InvalidOperationException(
            "cfn-lint (AWS's CloudFormation linter, Python) is not on PATH. It is part of the dotnet machine image; " +
            "elsewhere install it with `pip install cfn-lint`.");
    }
}
