using System.Collections.Immutable;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>
/// The stack's lifecycle in the dashboard: waiting for the emulators, deploying, running with
/// its outputs as properties, or failed with the template's error in its console log. Locally
/// it also watches the emulators and deploys again into one that restarted.
/// </summary>
internal sealed partial class StackDeployment(CloudFormationTemplateResource stack, InitializeResourceEvent initialize, IReadOnlyList<string> emulators)
{
    private readonly ResourceNotificationService _notifications = initialize.Notifications;
    private readonly ILogger _log = initialize.Logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _notifications.PublishUpdateAsync(stack, state => state with { State = KnownResourceStates.Waiting });
        await _notifications.WaitForDependenciesAsync(stack, cancellationToken);
        await initialize.Eventing.PublishAsync(new BeforeResourceStartedEvent(stack, initialize.Services), cancellationToken);
        if (await DeployAsync(cancellationToken))
        {
            var stopping = initialize.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = Task.Run(() => RedeployAfterEmulatorRestartsAsync(stopping), CancellationToken.None);
        }
    }

    public async Task ReadDeployedAsync(Func<StackOutputs> readOutputs, CancellationToken cancellationToken)
    {
        await _notifications.PublishUpdateAsync(stack, state => state with { State = KnownResourceStates.Starting });
        await _notifications.WaitForDependenciesAsync(stack, cancellationToken);
        try
        {
            var outputs = readOutputs();
            stack.SetDeployed(outputs);
            await PublishRunningAsync(outputs, summary: "read from the deployed stack");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await FailAsync(exception);
        }
    }

    private async Task<bool> DeployAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await _notifications.PublishUpdateAsync(stack, state => state with
            {
                State = new ResourceStateSnapshot("Deploying", KnownResourceStateStyles.Info),
                StartTimeStamp = state.StartTimeStamp ?? DateTime.UtcNow,
            });
            using var http = new HttpClient();
            var clients = stack.Environment!.CreateLocalClients(http);
            var deployer = new EmulatorDeployer(_log);
            var result = await deployer.DeployAsync(stack.Template, stack.CloudFormationParameters, clients,
                new StackContext(stack.StackName, stack.Environment.Region), cancellationToken);
            stack.SetDeployed(result.Outputs);
            await PublishRunningAsync(result.Outputs, Summarise(result));
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever went wrong (the template, an emulator that refused), the stack says so in
            // the dashboard instead of sitting in Deploying.
            await FailAsync(exception);
            return false;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task RedeployAfterEmulatorRestartsAsync(CancellationToken stopping)
    {
        var down = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var change in _notifications.WatchAsync(stopping))
            {
                var name = change.Resource.Name;
                if (!emulators.Contains(name))
                {
                    continue;
                }

                var healthy = change.Snapshot.State?.Text == KnownResourceStates.Running && change.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
                if (!healthy && change.Snapshot.State?.Text != KnownResourceStates.Running)
                {
                    down.Add(name);
                }
                else if (healthy && down.Remove(name))
                {
                    Log.Redeploying(_log, name);
                    await DeployAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app is stopping: nothing to redeploy into.
        }
    }

    private Task PublishRunningAsync(StackOutputs outputs, string summary) =>
        _notifications.PublishUpdateAsync(stack, state => state with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
            Properties = [
                .. state.Properties.Where(p => !p.Name.StartsWith("aws.cloudformation.output.", StringComparison.Ordinal) && p.Name != "aws.cloudformation.deployment"),
                new("aws.cloudformation.deployment", summary),
                .. outputs.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => new ResourcePropertySnapshot($"aws.cloudformation.output.{o.Key}", o.Value)),
            ],
        });

    private async Task FailAsync(Exception exception)
    {
        Log.DeploymentFailed(_log, exception.Message);
        stack.SetFailed(exception);
        await _notifications.PublishUpdateAsync(stack, state => state with
        {
            State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
            Properties = [.. state.Properties.Where(p => p.Name != "aws.cloudformation.error"), new("aws.cloudformation.error", exception.Message)],
        });
    }

    private static string Summarise(DeploymentResult result)
    {
        var counts = result.Resources.GroupBy(r => r.Outcome).ToImmutableSortedDictionary(g => g.Key.ToString().ToLowerInvariant(), g => g.Count());
        return string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "{Emulator} came back: deploying the template into it again")]
        public static partial void Redeploying(ILogger logger, string emulator);

        [LoggerMessage(Level = LogLevel.Error, Message = "The stack could not be deployed: {Reason}")]
        public static partial void DeploymentFailed(ILogger logger, string reason);
    }
}
