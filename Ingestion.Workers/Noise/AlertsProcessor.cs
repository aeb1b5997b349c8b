using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;

namespace Ingestion.Workers.Noise;

/// <summary>The <c>alerts</c> processor: a reading at or above the threshold becomes an ALERT item.</summary>
internal static class AlertsProcessor
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAlertStore, AlertStore>();
        services.AddSingleton<IMessageHandler<Reading>, AlertHandler>();
    }
}
