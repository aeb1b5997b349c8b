using System.Text.Json.Nodes;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Iam;
using Ingestion.Tests.Provisioning;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// Least privilege that is checked: every AWS call each process made in this end-to-end run
/// (recorded by the services themselves) must be allowed by that process's role in the
/// template, and by the role its ECS task runs as in the compute stack. It drives every kind of worker
/// first, so the check holds whatever ran before it.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class LeastPrivilegeInTheRunTests(TopologyFixture topology)
{
    [Fact]
    public async Task EveryAwsCallOfEveryProcessIsAllowedByItsRole()
    {
        var contractId = UniqueId("c");
        var sensor = UniqueId("iam");
        var now = DateTimeOffset.UtcNow;
        var at = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        await topology.PostAcceptedAsync("sourceA", Equipment(UniqueId("e"), contractId));
        await topology.PostAcceptedAsync("sourceB", Contract(contractId));
        await topology.PostAcceptedAsync("sourceC", Milestone(UniqueId("m"), contractId));
        await topology.PostAcceptedAsync("noise", NoiseScenarioTests.Reading("Kenwood", sensor, at, 99));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");
        await topology.WaitForItemAsync($"ALERT#Kenwood#{sensor}#{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z");
        // The services buffer their logs for up to FlushInterval: let the calls that stored those land.
        await Task.Delay(AwsOperationLog.FlushInterval * 2, TestContext.Current.CancellationToken);

        var roles = new TemplateRoles(RepositoryFiles.Template);
        var logs = Directory.GetFiles(topology.OperationLogDirectory, "*.jsonl");
        var processes = logs.Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Contains("api", processes);
        Assert.Contains("worker-sourceB", processes);
        Assert.Contains("worker-noise-alerts", processes);
        Assert.Contains("worker-noise-statistics", processes);
        Assert.Contains("worker-archive", processes);
        var denied = logs.SelectMany(log => PolicyEvaluator.Denied(AwsOperationLog.Read(log), roles.Statements(roles.RoleFor(Path.GetFileNameWithoutExtension(log)!)))).ToList();

        Assert.True(denied.Count == 0, "calls the template's roles do not allow:\n" + string.Join("\n", denied.Distinct()));

        // The same calls against the roles as the compute stack deploys them: each process's ECS task role.
        var ecs = new EcsTaskRoles();
        var deniedOnEcs = logs.SelectMany(log => PolicyEvaluator.Denied(AwsOperationLog.Read(log), ecs.Statements(Path.GetFileNameWithoutExtension(log)!))).ToList();
        Assert.True(deniedOnEcs.Count == 0, "calls the ECS task roles do not allow:\n" + string.Join("\n", deniedOnEcs.Distinct()));
    }
}
