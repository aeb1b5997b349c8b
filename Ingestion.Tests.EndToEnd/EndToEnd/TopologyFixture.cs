using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.Emulators;
using Ingestion.Testing.Otlp;
using Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// The real AppHost (<c>Projects.Ingestion_AppHost</c>) booted once through Aspire's testing
/// builder for every end-to-end test class in the "topology" collection: emulators, the
/// deployed template, the API, a worker per queue, every port free. The services export their
/// spans to an <see cref="OtlpSink"/> the tests host. Dead-lettering is made quick (3 receives,
/// 1 s between attempts), and visibility short, so messages an aborted receive took come back soon.
/// </summary>
public class TopologyFixture : IAsyncLifetime
{
    public const int MaxReceiveCount = 3;
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("Not started.");

    /// <summary>The API, sending each request with its source's key (or the admin key), as a producer does.</summary>
    public HttpClient Api { get; private set; } = null!;

    public Uri ApiUrl { get; private set; } = null!;

    public OtlpSink Telemetry { get; private set; } = null!;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public AmazonDynamoDBClient DynamoDb { get; private set; } = null!;

    public Uri FauxqsEndpoint { get; private set; } = null!;

    public Uri DynaliteEndpoint { get; private set; } = null!;

    /// <summary>The real Aspire dashboard of this run (anonymous access), for the browser tests.</summary>
    public Uri DashboardUrl { get; private set; } = null!;

    public CloudFormationTemplateResource Stack { get; private set; } = null!;

    /// <summary>Where every service logs each AWS call it makes (one file per process), for the least-privilege check.</summary>
    public string OperationLogDirectory { get; } = Directory.CreateTempSubdirectory("ingestion-aws-operations-").FullName;

    public IReadOnlyDictionary<string, string> Outputs => Stack.Outputs!.Outputs;

    /// <summary>More AppHost arguments for a topology of its own (e.g. one with faults injected).</summary>
    protected virtual IEnumerable<string> AdditionalArguments => [];

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();

    public async ValueTask InitializeAsync()
    {
        var cancellation = TestContext.Current.CancellationToken;
        // The services export to our sink, which passes everything on to the dashboard once it is up.
        Telemetry = await OtlpSink.StartAsync(cancellationToken: cancellation);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
        [
            // The dashboard's own ports; the testing builder puts them behind proxies on random ports.
            $"--ASPNETCORE_URLS=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{LoopbackPorts.Free()}",
            $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{LoopbackPorts.Free()}",
            "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            "--ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            "--AppHost:ApiPort=0",
            "--Emulators:FauxqsPort=0",
            "--Emulators:DynalitePort=0",
            $"--AppHost:Parameters:MaxReceiveCount={MaxReceiveCount}",
            "--AppHost:ServiceEnvironment:Worker__Poller__FailedMessageRetryDelay=00:00:01",
            // A stopped worker's abandoned long poll can still take messages; they come back
            // after this visibility timeout (30 s by default), which tests would wait out.
            "--AppHost:ServiceEnvironment:Worker__Poller__VisibilityTimeout=00:00:06",
            "--AppHost:ServiceEnvironment:Worker__Poller__VisibilityExtensionThreshold=00:00:03",
            "--AppHost:ServiceEnvironment:Worker__Poller__VisibilityExtensionInterval=00:00:01",
            $"--AppHost:ServiceEnvironment:OTEL_EXPORTER_OTLP_ENDPOINT={Telemetry.Endpoint}",
            "--AppHost:ServiceEnvironment:OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--AppHost:ServiceEnvironment:OTEL_BSP_SCHEDULE_DELAY=500",
            // Every trace: tests look for the trace of one event among bursts that other tests send
            // meanwhile. The sampler's cap (10 a second by default) is TraceRateSamplerTests' subject.
            "--AppHost:ServiceEnvironment:Telemetry__MaxTracesPerSecond=0",
            "--Queues:DepthInterval=00:00:01",
            $"--AppHost:ServiceEnvironment:AWS__OperationLog__Directory={OperationLogDirectory}",
            // The API's keys, as a developer sets them (the AppHost's secret parameters), so producers here can send them.
            .. TestApiKeys.AppHostArguments(),
            .. AdditionalArguments,
        ], (options, _) => options.DisableDashboard = false, cancellation);
        _app = await builder.BuildAsync(cancellation);
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        starting.CancelAfter(StartTimeout);
        await _app.StartAsync(starting.Token);
        var model = _app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var resource in VisibleResources())
        {
            await Notifications.WaitForResourceHealthyAsync(resource.Name, starting.Token);
        }

        Stack = model.Resources.OfType<CloudFormationTemplateResource>().Single();
        DashboardUrl = Endpoint("aspire-dashboard", "http");
        Telemetry.ForwardTo(Endpoint("aspire-dashboard", "otlp-http"));
        // The same AWS the services were given: the emulators' endpoints and their dummy keys.
        FauxqsEndpoint = Stack.Environment!.SnsSqsS3Endpoint!;
        DynaliteEndpoint = Stack.Environment.DynamoDbEndpoint!;
        ApiUrl = Endpoint("api", "http");
        Api = ApiKeyHeaders.Client(ApiUrl);
        Sqs = Stack.Environment.CreateSqsClient();
        DynamoDb = Stack.Environment.CreateDynamoDbClient();
    }

    /// <summary>
    /// The resources the dashboard lists: not parameters, nor Aspire's hidden helpers (a project's
    /// rebuilder); every queue, though the dashboard hides a dead-letter queue while it is empty.
    /// </summary>
    public IReadOnlyList<IResource> VisibleResources() =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource)
            .Where(r => r is Ingestion.Topology.Queues.SqsQueueResource || !Notifications.TryGetCurrentState(r.Name, out var state) || !state.Snapshot.IsHidden)
            .ToList();

    public AmazonS3Client CreateS3Client() => Stack.Environment!.CreateS3Client();

    /// <summary>Runs one of the resource's commands, as the dashboard's button does.</summary>
    public async Task<ExecuteCommandResult> ExecuteCommandAsync(string resource, string command, InteractionInputCollection? arguments = null)
    {
        var commands = App.Services.GetRequiredService<ResourceCommandService>();
        return arguments is null
            ? await commands.ExecuteCommandAsync(resource, command, TestContext.Current.CancellationToken)
            : await commands.ExecuteCommandAsync(resource, command, arguments, TestContext.Current.CancellationToken);
    }

    /// <summary>Stops a resource through Aspire (a clean stop, which is not restarted) and waits until it has stopped.</summary>
    public async Task StopAsync(string resource)
    {
        var result = await ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand);
        Assert.True(result.Success, $"stopping {resource}: {result.Message}");
        using var deadline = Deadline(TimeSpan.FromSeconds(60));
        await Notifications.WaitForResourceAsync(resource, [KnownResourceStates.Exited, KnownResourceStates.Finished], deadline.Token);
    }

    /// <summary>Starts a stopped resource and waits until it is healthy again.</summary>
    public async Task StartAsync(string resource)
    {
        var result = await ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand);
        Assert.True(result.Success, $"starting {resource}: {result.Message}");
        using var deadline = Deadline(TimeSpan.FromSeconds(90));
        await Notifications.WaitForResourceHealthyAsync(resource, deadline.Token);
    }

    public static CancellationTokenSource Deadline(TimeSpan timeout)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        source.CancelAfter(timeout);
        return source;
    }

    private Uri Endpoint(string resource, string endpoint) =>
        new(App.GetEndpoint(resource, endpoint).ToString().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Sqs?.Dispose();
        DynamoDb?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }

        Directory.Delete(OperationLogDirectory, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
