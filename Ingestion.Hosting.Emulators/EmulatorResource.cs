using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Hosting.Emulators;

/// <summary>
/// A local AWS emulator: a Node process from <c>emulators/</c>, serving one loopback HTTP endpoint
/// that the AWS SDKs use as their service URL.
/// </summary>
public abstract class EmulatorResource(string name, string node, string emulatorsDirectory)
    : ExecutableResource(name, node, emulatorsDirectory)
{
    public const string EndpointName = "http";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>
    /// The endpoint's URL. Known when the app model is built: the endpoint is not proxied and
    /// its port is resolved (or checked free) when the emulator is added.
    /// </summary>
    public Uri Url => new($"http://127.0.0.1:{Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == EndpointName).Port}");
}

/// <summary>fauxqs: SNS, SQS and S3 on one endpoint.</summary>
public sealed class FauxqsResource(string name, string node, string emulatorsDirectory)
    : EmulatorResource(name, node, emulatorsDirectory);

/// <summary>dynalite: DynamoDB.</summary>
public sealed class DynaliteResource(string name, string node, string emulatorsDirectory)
    : EmulatorResource(name, node, emulatorsDirectory);
