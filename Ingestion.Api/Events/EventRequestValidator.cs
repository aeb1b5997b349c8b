using System.Text.Json;
using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <summary>
/// The one place a request's events are checked: shape, envelope, event ids, and each body
/// against its entity's schema. It collects every error rather than stopping at the first,
/// and yields events only when all of them are valid (a batch is all-or-nothing).
/// </summary>
public sealed class EventRequestValidator(SourceCatalogue catalogue)
{
    private static readonly string[] EnvelopeFields = ["entity_name", "body", "event_id", "version"];

    public EventValidationResult Validate(SourceDefinition source, JsonElement root, string? idempotencyKey)
    {
        var errors = new ValidationErrors();
        var unsentEntityErrors = 0;
        var reusedEventIdErrors = 0;
        var events = new List<ValidatedEvent>();

        // Text and numbers first: a schema reading an invalid string would throw, and a number
        // DynamoDB cannot hold would be accepted now and fail in every worker later.
        StorableText.Check(root, "", errors);
        if (!errors.IsEmpty)
        {
            return new EventValidationResult([], errors, OnlyUnsentEntities: false);
        }

        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                if (idempotencyKey is not null && EventIdRules.Problem(idempotencyKey) is { } keyProblem)
                {
                    errors.Add(IngestionLimits.IdempotencyKeyHeader, keyProblem);
                }

                events.AddIfNotNull(ValidateEvent(source, root, 0, "", idempotencyKey, errors, ref unsentEntityErrors));
                break;

            case JsonValueKind.Array:
                ValidateBatch(source, root, idempotencyKey, errors, events, ref unsentEntityErrors, ref reusedEventIdErrors);
                break;

            default:
                errors.Add("$", $"must be an event object or an array of events, not {EntityBody.Describe(root.ValueKind)}");
                break;
        }

        return errors.IsEmpty
            ? new EventValidationResult(events, errors, OnlyUnsentEntities: false)
            : new EventValidationResult([], errors, OnlyUnsentEntities: unsentEntityErrors == errors.Count)
            {
                OnlyReusedEventIds = reusedEventIdErrors > 0 && reusedEventIdErrors == errors.Count,
            };
    }

    private void ValidateBatch(
        SourceDefinition source, JsonElement batch, string? idempotencyKey, ValidationErrors errors, List<ValidatedEvent> events, ref int unsentEntityErrors, ref int reusedEventIdErrors)
    {
        var count = batch.GetArrayLength();
        if (count == 0)
        {
            errors.Add("$", "must hold at least one event");
            return;
        }

        if (count > IngestionLimits.MaxEventsPerRequest)
        {
            errors.Add("$", $"holds {count} events; a request holds at most {IngestionLimits.MaxEventsPerRequest}");
            return;
        }

        if (idempotencyKey is not null)
        {
            errors.Add(IngestionLimits.IdempotencyKeyHeader, "applies to a single event; give each event of a batch its own event_id");
        }

        var firstWithEventId = new Dictionary<string, ValidatedEvent>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in batch.EnumerateArray())
        {
            var validated = ValidateEvent(source, item, index, $"[{index}].", idempotencyKey: null, errors, ref unsentEntityErrors);
            if (validated is not null && !firstWithEventId.TryAdd(validated.EventId, validated))
            {
                var first = firstWithEventId[validated.EventId];
                if (first.ContentHash == validated.ContentHash)
                {
                    errors.Add($"[{index}].event_id", $"repeats the event_id of [{first.Index}]");
                }
                else
                {
                    // The Idempotency-Key convention: one key, one payload; another payload under it is 422.
                    errors.Add($"[{index}].event_id", $"reuses the event_id of [{first.Index}] for a different event (entity_name, version or body)");
                    reusedEventIdErrors++;
                }
            }

            events.AddIfNotNull(validated);
            index++;
        }
    }

    private ValidatedEvent? ValidateEvent(
        SourceDefinition source, JsonElement item, int index, string prefix, string? idempotencyKey, ValidationErrors errors, ref int unsentEntityErrors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix.Length == 0 ? "$" : prefix.TrimEnd('.'), $"must be an event object, not {EntityBody.Describe(item.ValueKind)}");
            return null;
        }

        var errorsBefore = errors.Count;
        foreach (var property in item.EnumerateObject().Where(property => !EnvelopeFields.Contains(property.Name)))
        {
            errors.Add(prefix + property.Name, "is not a field of an event (entity_name, body, event_id, version)");
        }

        var eventId = ValidateEventId(item, prefix, idempotencyKey, errors);
        var version = ValidateVersion(item, prefix, errors);
        var schema = ValidateEntityName(source, item, prefix, errors, ref unsentEntityErrors);

        if (!item.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null)
        {
            errors.Add(prefix + "body", "is required");
        }
        else if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix + "body", $"must be an object, not {EntityBody.Describe(body.ValueKind)}");
        }
        else if (schema is not null)
        {
            var entityBody = new EntityBody(body, prefix + "body", errors);
            schema.Validate(entityBody);
            entityBody.ReportUndeclaredFields();
        }

        if (errors.Count != errorsBefore || schema is null)
        {
            return null;
        }

        if (eventId.Value is not { } id)
        {
            return null;
        }

        if (!eventId.FromClient && schema.Identity(body) is { } identity)
        {
            id = EventIdRules.FromIdentity(identity);
        }

        return new ValidatedEvent(index, id, eventId.FromClient, schema.EntityName, schema.ItemKey(body), body, schema.RoutingAttributes(body), version);
    }

    private IEntitySchema? ValidateEntityName(
        SourceDefinition source, JsonElement item, string prefix, ValidationErrors errors, ref int unsentEntityErrors)
    {
        if (!item.TryGetProperty("entity_name", out var nameElement) || nameElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(prefix + "entity_name", "is required");
            return null;
        }

        if (nameElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + "entity_name", $"must be a string, not {EntityBody.Describe(nameElement.ValueKind)}");
            return null;
        }

        var entityName = nameElement.GetString()!;
        var schema = catalogue.SchemaFor(source, entityName);
        if (schema is null)
        {
            errors.Add(prefix + "entity_name", $"{source.Name} does not send {entityName}; it sends {string.Join(", ", source.EntityNames)}");
            unsentEntityErrors++;
        }

        return schema;
    }

    /// <summary>Optional: the producer's own version of the item, a whole number from 0; a later version wins whenever it arrives.</summary>
    private static long? ValidateVersion(JsonElement item, string prefix, ValidationErrors errors)
    {
        if (!item.TryGetProperty("version", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var version) || version < 0)
        {
            errors.Add(prefix + "version", $"must be a whole number from 0 to {long.MaxValue}");
            return null;
        }

        return version;
    }

    private static (string? Value, bool FromClient) ValidateEventId(JsonElement item, string prefix, string? idempotencyKey, ValidationErrors errors)
    {
        if (!item.TryGetProperty("event_id", out var idElement) || idElement.ValueKind == JsonValueKind.Null)
        {
            return idempotencyKey is null ? (EventIdRules.NewEventId(), false) : (idempotencyKey, true);
        }

        if (idElement.ValueKind != JsonValueKind.String)
        {
            errors.Add(prefix + "event_id", $"must be a string, not {EntityBody.Describe(idElement.ValueKind)}");
            return (null, true);
        }

        var eventId = idElement.GetString()!;
        if (EventIdRules.Problem(eventId) is { } problem)
        {
            errors.Add(prefix + "event_id", problem);
            return (null, true);
        }

        if (idempotencyKey is not null && !string.Equals(idempotencyKey, eventId, StringComparison.Ordinal))
        {
            errors.Add(prefix + "event_id", "differs from the Idempotency-Key header; send one of them, or the same value in both");
            return (null, true);
        }

        return (eventId, true);
    }
}

internal static class ListExtensions
{
    public static void AddIfNotNull<T>(this List<T> list, T? item) where T : class
    {
        if (item is not null)
        {
            list.Add(item);
        }
    }
}
