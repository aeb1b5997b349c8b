using Amazon;
using Amazon.Runtime;

namespace Ingestion.Messaging.Sns;

/// <summary>Where requests go and which region they are signed for.</summary>
internal sealed record SnsEndpoint(Uri Url, string Region)
{
    public const string SigningService = "sns";

    // Emulators accept any region; us-east-1 is what they default to.
    private const string EmulatorRegion = "us-east-1";

    public static SnsEndpoint Resolve(SnsClientOptions options)
    {
        var region = string.IsNullOrWhiteSpace(options.Region)
            ? FallbackRegionFactory.GetRegionEndpoint()?.SystemName
            : options.Region.Trim();

        if (options.ServiceUrl is { } serviceUrl)
        {
            return new SnsEndpoint(serviceUrl, region ?? EmulatorRegion);
        }

        if (region is null)
        {
            throw new InvalidOperationException(
                "No AWS region for SNS: set AWS:Region (or AWS_REGION), or AWS:Endpoints:SNS for an emulator.");
        }

        var dnsSuffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix ?? "amazonaws.com";
        return new SnsEndpoint(new Uri($"https://sns.{region}.{dnsSuffix}/"), region);
    }
}
