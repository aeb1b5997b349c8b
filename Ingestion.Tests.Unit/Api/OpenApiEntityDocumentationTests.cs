using System.Text.Json;

namespace Ingestion.Tests.Api;

/// <summary>The OpenAPI document names every source and the entities it sends, from the catalogue the API validates with.</summary>
public sealed class OpenApiEntityDocumentationTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Fact]
    public async Task EntityNameListsEverySourcesEntitiesIncludingTheNoiseReading()
    {
        var document = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;
        var oneOf = document.GetProperty("paths").GetProperty("/sources/{source}/events").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf");

        // One event, and an array of them.
        JsonElement[] events = [oneOf[0], oneOf[1].GetProperty("items")];

        Assert.All(events, single => Assert.Equal(
            "The entity the body describes; it must be one the source sends. noise: READING; sourceA: EQUIPMENT; sourceB: CONTRACT; sourceC: MILESTONE.",
            single.GetProperty("properties").GetProperty("entity_name").GetProperty("description").GetString()));
    }
}
