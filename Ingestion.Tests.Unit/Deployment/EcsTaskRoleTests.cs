using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Iam;
using Ingestion.Tests.Provisioning;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The ECS task roles as deployed (the data plane's role plus what the compute stack attaches) give a
/// process what its template role gives it and, besides, only what its collector needs: X-Ray and its
/// EMF log group, no data. The end-to-end least-privilege test checks a run's real calls against them.
/// </summary>
public sealed class EcsTaskRoleTests
{
    private static readonly EcsTaskRoles Ecs = new();

    private static readonly TemplateRoles Template = new(RepositoryFiles.Template);

    [Fact]
    public void EachProcessRunsOnEcsAsItsTemplateRole()
    {
        Assert.Equal(["api", .. Template.Workers.Order()], Ecs.Processes.Order());
        Assert.All(Ecs.Processes, process => Assert.Equal(Template.RoleFor(process), Ecs.RoleOf(process)));
    }

    [Fact]
    public void TheCollectorAddsOnlyTracesAndItsMetricsLogGroup()
    {
        foreach (var process in Ecs.Processes)
        {
            var own = Template.Statements(Template.RoleFor(process));
            var onEcs = Ecs.Statements(process);
            Assert.All(own.Zip(onEcs), pair => Assert.Equal(pair.First.Resources, pair.Second.Resources));
            var added = onEcs.Skip(own.Count).ToList();

            Assert.NotEmpty(added);
            Assert.All(added.SelectMany(s => s.Actions), action => Assert.True(action.StartsWith("xray:", StringComparison.Ordinal) || action.StartsWith("logs:", StringComparison.Ordinal), action));
            Assert.All(added.Where(s => s.Actions.Any(a => a.StartsWith("logs:", StringComparison.Ordinal))).SelectMany(s => s.Resources),
                resource => Assert.Equal($"arn:aws:logs:{TemplateRoles.Region}:{TemplateRoles.AccountId}:log-group:/aws/ecs/application/metrics*", resource));
        }
    }

    [Theory]
    [InlineData("worker-noise-HydePark", "dynamodb", "PutItem", "READING#HydePark#01#2026-11-24T11:40:00Z", true)]
    [InlineData("worker-noise-HydePark", "dynamodb", "PutItem", "READING#Woodlawn#01#2026-11-24T11:40:00Z", false)]
    [InlineData("worker-sourceB", "dynamodb", "PutItem", "CONTRACT#c-1", true)]
    [InlineData("worker-sourceB", "dynamodb", "PutItem", "EQUIPMENT#e-1", false)]
    public void OnEcsAWorkerStillWritesOnlyItsOwnItems(string process, string service, string operation, string itemId, bool allowed)
    {
        var call = new AwsOperation(process, service, operation, Table: "datastore", LeadingKeys: [itemId]);

        Assert.Equal(allowed, PolicyEvaluator.Denied([call], Ecs.Statements(process)).Count == 0);
    }
}
