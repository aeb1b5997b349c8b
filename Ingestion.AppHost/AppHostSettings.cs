using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.Emulators;
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
    public const string ApiPortKey = "AppHost:ApiPort";

    public static AppHostSettings From(IConfiguration configuration)
    {
        var emulators = configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();
        return new(
            configuration.GetValue(ApiPortKey, 5080),
            emulators.FauxqsPort,
            emulators.DynalitePort,
            emulators.DataDirectory,
            configuration.GetSection("AppHost:ServiceEnvironment").GetChildren()
                .Where(setting => setting.Value is not null)
                .ToDictionary(setting => setting.Key, setting => setting.Value!, StringComparer.Ordinal),
            ServiceReplicas.From(configuration),
            AwsTargetOptions.From(configuration));
    }
}
