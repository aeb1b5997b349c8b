using Ingestion.Messaging.Aws;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;

namespace Ingestion.Workers.Noise;

/// <summary>The <c>statistics</c> processor: per-location one-minute windows, and the noisy episodes they add up to.</summary>
internal static class StatisticsProcessor
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NoisyEpisodeOptions>().BindConfiguration(NoisyEpisodeOptions.SectionName);
        services.AddOptions<EpisodeSweepOptions>().BindConfiguration(EpisodeSweepOptions.SectionName)
            .Validate(sweep => sweep.Locations.Count > 0, $"{AwsConfigurationKeys.ResourcesSection}:{StackOutputNames.NoiseLocations} is required for the statistics processor (the template's NoiseLocations output): the sweeper closes each location's episodes.")
            .ValidateOnStart();
        services.AddSingleton<EpisodeStore>();
        services.AddSingleton<StatisticsWindows>();
        services.AddSingleton<IMessageHandler<Reading>, StatisticsHandler>();
        services.AddHostedService<EpisodeSweeper>();
    }
}
