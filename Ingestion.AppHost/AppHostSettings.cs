using Ingestion.Hosting.AWS.CloudFormation;
using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost;

/// <summary>
/// The AppHost's settings, from the command line or the environment: ports (the README pins
/// 5080, 4566 and 8000; 0 picks a free one), where the emulators keep data, extra environment for
/// every service, how many replicas of each service run, and the AWS target.
/// </summary>
internal sealed record AppHostSettings(
    int ApiPort,
    int FauxqsPort,
    int DynalitePort,
    string? EmulatorDataDirectory,
    IReadOnlyDictionary<string, string> ServiceEnvironment,
    ServiceReplicas Replicas,
    AwsTargetOptions Aws)
{
    public static AppHostSettings From(IConfiguration configuration) => new(
        configuration.GetValue("AppHost:ApiPort", 5080),
        configuration.GetValue("Emulators:FauxqsPort", 4566),
        configuration.GetValue("Emulators:DynalitePort", 8000),
        configuration["Emulators:DataDirectory"],
        configuration.GetSection("AppHost:ServiceEnvironment").GetChildren()
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key, setting => setting.Value!, StringComparer.Ordinal),
        ServiceReplicas.From(configuration),
        AwsTargetOptions.From(configuration));
}
