using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Messaging.Aws;
using Ingestion.Topology.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Topology.Events;

/// <summary>
/// "Where is my event?" from the dashboard: asks for an event id and answers stored (its item),
/// dead-lettered (the queue and the error), or not found, with a link to its trace.
/// </summary>
public static class FindEventCommand
{
    public const string Name = "find-event";
    public const string EventIdArgument = "event_id";
    public const string TableOutput = StackOutputNames.DataStoreTableName;
    private const int MaxPeekedPerQueue = 500;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IResourceBuilder<CloudFormationTemplateResource> WithFindEventCommand(this IResourceBuilder<CloudFormationTemplateResource> stack) =>
        stack.WithCommand(Name, "Find event", FindAsync, new CommandOptions
        {
            Description = "Finds an event by its event_id (or an item by its id, e.g. a reading's READING#<location>#<sensor>#<timestamp>): stored, dead-lettered, or not found.",
            IconName = "Search",
            IsHighlighted = true,
            Arguments = [new InteractionInput { Name = EventIdArgument, Label = "Event id or item id", InputType = InputType.Text, Required = true, Placeholder = "019a…" }],
            UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });

    private static async Task<ExecuteCommandResult> FindAsync(ExecuteCommandContext context)
    {
        var eventId = context.Arguments.GetString(EventIdArgument)?.Trim();
        if (string.IsNullOrEmpty(eventId))
        {
            return CommandResults.Failure("Give the event id to look for.");
        }

        var model = context.Services.GetRequiredService<DistributedApplicationModel>();
        var stack = model.Resources.OfType<CloudFormationTemplateResource>().Single(s => s.Name == context.ResourceName);
        var links = DashboardLinks.From(context.Services.GetRequiredService<IConfiguration>());
        var report = await FindAsync(stack, model.Resources.OfType<SqsQueueResource>().Where(q => q.IsDeadLetterQueue && q.Stack == stack), eventId, links, context.CancellationToken);
        return CommandResults.Success(report.Summary, report.Markdown, CommandResultFormat.Markdown, displayImmediately: true);
    }

    internal static async Task<EventReport> FindAsync(
        CloudFormationTemplateResource stack, IEnumerable<SqsQueueResource> deadLetterQueues, string eventId, DashboardLinks links, CancellationToken cancellationToken)
    {
        using var dynamoDb = stack.Environment!.CreateDynamoDbClient();
        StoredItem? stored = null;
        string? tableError = null;
        try
        {
            stored = await new StoredItemReader(dynamoDb, stack.Output(TableOutput)).ReadAsync(eventId, cancellationToken);
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException)
        {
            // DynamoDB down is exactly when events get dead-lettered: still look in the queues.
            tableError = $"The table could not be read ({exception.Message}). ";
        }

        if (stored is not null)
        {
            return new EventReport(EventStatus.Stored, $"Event {eventId} is stored as {stored.ItemId}", new StringBuilder()
                .AppendLine(stored.AppliedRecordOnly
                    ? $"**Applied** to item `{stored.ItemId}` in `{stack.Output(TableOutput)}`, which no longer exists; its applied record: {links.TracesWithEventLink(eventId)}"
                    : $"**Stored** as item `{stored.ItemId}` in `{stack.Output(TableOutput)}`. {links.TracesWithEventLink(eventId)}")
                .AppendLine().AppendLine("```json").AppendLine(stored.Item.ToJsonString(Indented)).AppendLine("```").ToString());
        }

        using var sqs = stack.Environment.CreateSqsClient();
        var reader = new DeadLetterReader(sqs);
        foreach (var queue in deadLetterQueues)
        {
            var found = (await reader.PeekAsync(queue.Url!, MaxPeekedPerQueue, cancellationToken)).FirstOrDefault(m => m.EventId == eventId);
            if (found is not null)
            {
                return new EventReport(EventStatus.DeadLettered, $"Event {eventId} is dead-lettered in {queue.Name}",
                    $"{tableError}**Dead-lettered** in `{queue.QueueName}` after {found.ReceiveCount} receive(s).\n\nError: {found.Error}\n\nTrace: {links.TraceLink(found.TraceId)}");
            }
        }

        return new EventReport(EventStatus.NotFound, $"Event {eventId} was not found",
            $"{tableError}**Not found**: no item carries event id `{eventId}` and no dead-letter queue holds it. It may still be in flight (see the queues' depth), or was never accepted. {links.TracesWithEventLink(eventId)}");
    }
}

public enum EventStatus
{
    Stored,
    DeadLettered,
    NotFound,
}

public sealed record EventReport(EventStatus Status, string Summary, string Markdown);
