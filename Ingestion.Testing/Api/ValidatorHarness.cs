using System.Text.Json;
using Ingestion.Api.Events;
using Ingestion.Api.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>Runs the real validator over the real catalogue (supply chain and noise).</summary>
internal static class ValidatorHarness
{
    private static readonly ServiceProvider Services = new ServiceCollection()
        .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [Ingestion.Api.Sources.Schemas.NoiseSourceOptions.StackOutputKey] = "HydePark,Woodlawn,Kenwood" })
            .Build())
        .AddSupplyChainSources()
        .AddNoiseSource()
        .AddSingleton<EventRequestValidator>()
        .BuildServiceProvider();

    public static EventValidationResult Validate(string source, string json, string? idempotencyKey = null)
    {
        var catalogue = Services.GetRequiredService<SourceCatalogue>();
        Assert.True(catalogue.TryGetSource(source, out var definition));
        using var document = JsonDocument.Parse(json);
        var result = Services.GetRequiredService<EventRequestValidator>().Validate(definition, document.RootElement.Clone(), idempotencyKey);
        return result;
    }

    public static Dictionary<string, string[]> Errors(string source, string json, string? idempotencyKey = null)
    {
        var result = Validate(source, json, idempotencyKey);
        Assert.False(result.IsValid, "expected validation errors");
        Assert.Empty(result.Events);
        return result.Errors.ToDictionary();
    }

    public static void AssertValid(string source, string json)
    {
        var result = Validate(source, json);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.ToDictionary().Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}")));
    }

    public static string Event(string entity, string body) => $$"""{"entity_name":"{{entity}}","body":{{body}}}""";
}
