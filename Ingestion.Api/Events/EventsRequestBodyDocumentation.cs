using Ingestion.Api.Sources;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.Events;

/// <summary>
/// Documents the request body as "one event or an array of events". The handler reads the body
/// itself (so 415/413/400 are its own problem+json), hence no body parameter to infer this from,
/// and no Accepts metadata: that would make routing answer 415 before the handler could.
/// </summary>
internal static class EventsRequestBodyDocumentation
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var single = await context.GetOrCreateSchemaAsync(typeof(EventSubmission), cancellationToken: cancellationToken);
        if (single.Properties is { } properties && properties.TryGetValue("entity_name", out var property) && property is OpenApiSchema entityName)
        {
            // From the catalogue the API validates with, so a source added there is documented too.
            var catalogue = context.ApplicationServices.GetRequiredService<SourceCatalogue>();
            entityName.Description = $"{EventSubmission.EntityNameDescription} {EntitiesBySource(catalogue)}";
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = $"One event, or an array of 1 to {IngestionLimits.MaxEventsPerRequest} events; at most {IngestionLimits.MaxRequestBytes} bytes.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        OneOf =
                        [
                            single,
                            new OpenApiSchema { Type = JsonSchemaType.Array, Items = single, MinItems = 1, MaxItems = IngestionLimits.MaxEventsPerRequest },
                        ],
                    },
                },
            },
        };
    }

    /// <summary>"sourceA: EQUIPMENT; …; noise: READING."</summary>
    internal static string EntitiesBySource(SourceCatalogue catalogue) =>
        string.Join("; ", catalogue.SourceNames.Select(name =>
            catalogue.TryGetSource(name, out var source) ? $"{name}: {string.Join(", ", source.EntityNames)}" : name)) + ".";
}
