using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Topology.Queues;
using Ingestion.Tests.Provisioning;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Hosting;

/// <summary>The stack as the AppHost declares it: its workers and queue resources come from the template's loops, with the stack's parameters.</summary>
public sealed class StackResourceTests
{
    [Fact]
    public void EachWorkerGetsItsQueueAndBothDeadLetterQueuesAsResources()
    {
        var builder = DistributedApplication.CreateBuilder();

        var stack = builder.AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template).WithQueueResources();

        Assert.Equal(9, stack.Resource.Workers.Count);
        var queues = builder.Resources.OfType<SqsQueueResource>().ToList();
        Assert.Equal(24, queues.Count);
        Assert.Contains(queues, q => q.Name == "ingestion-sourceB" && !q.IsDeadLetterQueue);
        Assert.Contains(queues, q => q.Name == "ingestion-sourceB-dlq" && q.DeadLetterFor?.Name == "ingestion-sourceB");
        Assert.Contains(queues, q => q.Name == "ingestion-sourceB-undelivered" && q.DeadLetterFor?.Name == "ingestion-sourceB");
        // A neighbourhood's subscription dead-letters into the worker's dead-letter queue: two queues, not three.
        Assert.Contains(queues, q => q.Name == "ingestion-noise-Kenwood-dlq" && q.DeadLetterFor?.Name == "ingestion-noise-Kenwood");
        Assert.DoesNotContain(queues, q => q.Name == "ingestion-noise-Kenwood-undelivered");
    }

    [Fact]
    public void ALoopsListParameterChangesTheWorkersAndTheirQueues()
    {
        var builder = DistributedApplication.CreateBuilder();

        var stack = builder.AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template)
            .WithParameter("Neighbourhoods", "HydePark,SouthShore")
            .WithQueueResources();

        var noiseWorkers = stack.Resource.Workers.Select(w => w.Name).Where(n => n.StartsWith("noise-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["noise-HydePark", "noise-SouthShore", "noise-alerts", "noise-statistics"], noiseWorkers);
        var queues = builder.Resources.OfType<SqsQueueResource>().Select(q => q.Name).ToList();
        Assert.Contains("ingestion-noise-SouthShore-dlq", queues);
        Assert.DoesNotContain("ingestion-noise-Woodlawn", queues);
        Assert.Equal(stack.Resource.Workers.Sum(w => w.UndeliveredQueueUrlOutput is null ? 2 : 3), queues.Count);
    }

    [Fact]
    public void QueueResourcesAddedAgainAfterAParameterReplaceTheStacksQueuesFromBefore()
    {
        var builder = DistributedApplication.CreateBuilder();
        var stack = builder.AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template).WithQueueResources();

        stack.WithParameter("Neighbourhoods", "HydePark").WithQueueResources();

        var queues = builder.Resources.OfType<SqsQueueResource>().Select(q => q.Name).ToList();
        Assert.Contains("ingestion-noise-HydePark", queues);
        Assert.DoesNotContain("ingestion-noise-Kenwood", queues);
        Assert.Equal(queues.Count, queues.Distinct().Count());
    }

    [Fact]
    public async Task AWorkerWhoseOutputTheDeployedStackLacksSaysWhichOne()
    {
        var builder = DistributedApplication.CreateBuilder();
        var stack = builder.AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template);
        var worker = stack.Resource.Workers.Single(w => w.Name == "sourceB");
        var process = builder.AddExecutable("worker-sourceB", "true", ".").WithWorker(stack, worker);

        // Deployed without the worker's queue output, as an output behind a false condition would be.
        stack.Resource.SetDeployed(new Ingestion.Hosting.AWS.CloudFormation.StackOutputs(
            stack.Resource.Template.Outputs.Where(o => o.Key != worker.QueueUrlOutput).ToDictionary(o => o.Key, o => $"value-of-{o.Key}")));

#pragma warning disable CS0618 // evaluates the environment callbacks without starting anything
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => process.Resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run).AsTask());
#pragma warning restore CS0618

        Assert.Contains($"'{worker.QueueUrlOutput}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sourceB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySourceNoiseAndAdminHoldAKeyFromTheTemplatesSecrets()
    {
        var stack = DistributedApplication.CreateBuilder().AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template);

        Assert.Equal(["admin", "noise", "sourceA", "sourceB", "sourceC"], stack.Resource.ApiKeyHolders.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ASourceAddedToTheLoopGetsItsKey()
    {
        var stack = DistributedApplication.CreateBuilder().AddAWSCloudFormationTemplate("ingestion", RepositoryFiles.Template)
            .WithParameter("Sources", "sourceA,sourceB");

        Assert.Equal(["admin", "noise", "sourceA", "sourceB"], stack.Resource.ApiKeyHolders.Order(StringComparer.Ordinal));
    }
}
