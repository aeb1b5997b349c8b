using Amazon;
using Amazon.Runtime;

namespace Ingestion.Workers.Configuration;

// TEMPORARY stand-in for the helper Ingestion.Messaging is getting: remove on merge and call that.
internal static class AwsServiceEndpoints
{
    /// <summary>Points <paramref name="config"/> at <c>AWS:Endpoints:&lt;service&gt;</c> when set (the emulators), else at <c>AWS:Region</c>.</summary>
    public static TConfig Apply<TConfig>(TConfig config, IConfiguration configuration, string service) where TConfig : ClientConfig
    {
        var region = configuration["AWS:Region"];
        var endpoint = configuration[$"AWS:Endpoints:{service}"];
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else if (!string.IsNullOrWhiteSpace(region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
