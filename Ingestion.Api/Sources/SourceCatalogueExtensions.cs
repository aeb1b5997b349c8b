using Ingestion.Api.Sources.Schemas;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Api.Sources;

public static class SourceCatalogueExtensions
{
    /// <summary>The supply-chain sources and their entities (the README's table under "Post an event").</summary>
    public static IServiceCollection AddSupplyChainSources(this IServiceCollection services) => services
        .AddEntitySchema<EquipmentSchema>()
        .AddEntitySchema<ContractSchema>()
        .AddEntitySchema<MilestoneSchema>()
        .AddSource("sourceA", EquipmentSchema.Name)
        .AddSource("sourceB", ContractSchema.Name)
        .AddSource("sourceC", MilestoneSchema.Name);

    /// <summary>The noise sensors of the city scenario: one source, one entity.</summary>
    public static IServiceCollection AddNoiseSource(this IServiceCollection services)
    {
        services.AddOptions<NoiseSourceOptions>()
            .BindConfiguration(NoiseSourceOptions.SectionName)
            // The neighbourhoods are the stack's (its NoiseLocations output), never a second list to keep in step.
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration[NoiseSourceOptions.StackOutputKey] is { Length: > 0 } fromStack)
                {
                    options.Locations = [.. fromStack.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        return services
            .AddEntitySchema<ReadingSchema>()
            .AddSource("noise", ReadingSchema.Name);
    }

    public static IServiceCollection AddEntitySchema<TSchema>(this IServiceCollection services)
        where TSchema : class, IEntitySchema
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEntitySchema, TSchema>());
        services.TryAddSingleton<SourceCatalogue>();
        return services;
    }

    public static IServiceCollection AddSource(this IServiceCollection services, string name, params string[] entityNames)
    {
        services.AddSingleton(new SourceDefinition(name, entityNames));
        services.TryAddSingleton<SourceCatalogue>();
        return services;
    }
}
