using System.Globalization;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Topology.Queues;

/// <summary>
/// What the Aspire dashboard lacks for a dead-letter queue: list its dead letters (event id,
/// source, error, a link to the trace) and redrive them to their source queue, after a
/// confirmation, keeping each message group's order.
/// </summary>
public static class DeadLetterCommands
{
    public const string List = "list-dead-letters";
    public const string Redrive = "redrive-dead-letters";
    private const int MaxListed = 50;
    private const int MaxRedriven = 10_000;

    public static IResourceBuilder<SqsQueueResource> WithDeadLetterCommands(this IResourceBuilder<SqsQueueResource> deadLetterQueue) =>
        deadLetterQueue
            .WithCommand(List, "List dead letters", ListAsync, new CommandOptions
            {
                Description = "Shows the messages waiting here: event id, source, error and a link to each one's trace.",
                IconName = "List",
                IsHighlighted = true,
                UpdateState = WhenDeployed,
            })
            .WithCommand(Redrive, "Redrive to source queue", RedriveAsync, new CommandOptions
            {
                Description = "Moves every message back to the queue it failed in, keeping order and message group.",
                IconName = "ArrowRedo",
                ConfirmationMessage = "Move every dead letter back to its source queue? The worker will process them again.",
                UpdateState = WhenDeployed,
            });

    private static ResourceCommandState WhenDeployed(UpdateCommandStateContext context) =>
        context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;

    private static async Task<ExecuteCommandResult> ListAsync(ExecuteCommandContext context)
    {
        var queue = QueueOf(context);
        using var sqs = queue.Stack.Environment!.CreateSqsClient();
        var messages = await new DeadLetterReader(sqs).PeekAsync(queue.Url!, MaxListed, context.CancellationToken);
        var dashboard = DashboardLinks.From(context.Services.GetRequiredService<IConfiguration>());
        return CommandResults.Success($"{messages.Count} dead letter(s) in {queue.Name}", Describe(queue, messages, dashboard), CommandResultFormat.Markdown, displayImmediately: true);
    }

    private static async Task<ExecuteCommandResult> RedriveAsync(ExecuteCommandContext context)
    {
        var queue = QueueOf(context);
        using var sqs = queue.Stack.Environment!.CreateSqsClient();
        var result = await new Redriver(sqs).RedriveAsync(queue.Url!, queue.DeadLetterFor!.Url!, MaxRedriven, context.CancellationToken);
        var message = $"Moved {result.Moved} message(s) from {queue.Name} to {queue.DeadLetterFor.Name}";
        return result.Failed == 0
            ? CommandResults.Success(message)
            : CommandResults.Failure($"{message}; {result.Failed} failed: {string.Join("; ", result.Errors.Take(3))}");
    }

    internal static string Describe(SqsQueueResource queue, IReadOnlyList<DeadLetterMessage> messages, DashboardLinks dashboard)
    {
        if (messages.Count == 0)
        {
            return $"No dead letters in `{queue.QueueName}`.";
        }

        var markdown = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"Dead letters in `{queue.QueueName}` (first {MaxListed}), oldest first:")
            .AppendLine()
            .AppendLine("| event id | source | entity | sent | receives | error | trace |")
            .AppendLine("|---|---|---|---|---|---|---|");
        foreach (var message in messages.OrderBy(m => m.SentAt))
        {
            markdown.AppendLine(CultureInfo.InvariantCulture,
                $"| `{Cell(message.EventId)}` | {Cell(message.Source)} | {Cell(message.EntityName)} | {message.SentAt:u} | {message.ReceiveCount} | {Cell(message.Error)} | {dashboard.TraceLink(message.TraceId)} |");
        }

        return markdown.ToString();
    }

    private static string Cell(string? text) => (text ?? "-").Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static SqsQueueResource QueueOf(ExecuteCommandContext context) =>
        context.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<SqsQueueResource>()
            .Single(q => q.Name == context.ResourceName);
}
