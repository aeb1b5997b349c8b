using Amazon.DynamoDBv2;
using Amazon.SQS;
using Ingestion.AppHost.Hosting;
using Ingestion.AppHost.Testing;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// One booted topology (emulators, deployed template, API, a worker per source) shared by every
/// end-to-end test class in the "topology" collection: booting costs seconds, so it happens once.
/// Dead-lettering is made quick (3 receives, 1 s between attempts) so the DLQ test takes seconds,
/// and visibility short, so messages an aborted receive took come back quickly.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public const int MaxReceiveCount = 3;

    private IngestionApp? _app;

    public IngestionApp App => _app ?? throw new InvalidOperationException("Not started.");

    public HttpClient Api { get; private set; } = null!;

    /// <summary>The dashboard's JSON API, logged in with the token the AppHost printed.</summary>
    public HttpClient Dashboard { get; private set; } = null!;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public AmazonDynamoDBClient DynamoDb { get; private set; } = null!;

    public IReadOnlyDictionary<string, string> Outputs => App.Stack.Outputs.Outputs;

    public async ValueTask InitializeAsync()
    {
        var builder = IngestionTestingBuilder.Create(new Dictionary<string, string?>
        {
            ["AppHost:Parameters:MaxReceiveCount"] = MaxReceiveCount.ToString(),
            ["AppHost:ServiceEnvironment:Worker__Poller__FailedMessageRetryDelay"] = "00:00:01",
            // A stopped worker's abandoned long poll can still take messages; they come back
            // after this visibility timeout (30 s by default), which tests would wait out.
            ["AppHost:ServiceEnvironment:Worker__Poller__VisibilityTimeout"] = "00:00:06",
            ["AppHost:ServiceEnvironment:Worker__Poller__VisibilityExtensionThreshold"] = "00:00:03",
            ["AppHost:ServiceEnvironment:Worker__Poller__VisibilityExtensionInterval"] = "00:00:01",
        });
        _app = builder.Build();
        await _app.StartAsync(TestContext.Current.CancellationToken);
        foreach (var resource in _app.Resources.GetResources())
        {
            await _app.WaitForResourceHealthyAsync(resource.Name, TimeSpan.FromSeconds(60));
        }

        Api = _app.CreateHttpClient("api");
        Dashboard = new HttpClient { BaseAddress = _app.Dashboard.Running.DashboardUrl };
        Dashboard.DefaultRequestHeaders.Authorization = new("Bearer", _app.Dashboard.Running.LoginToken);
        Sqs = _app.Aws.CreateSqsClient();
        DynamoDb = _app.Aws.CreateDynamoDbClient();
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Dashboard?.Dispose();
        Sqs?.Dispose();
        DynamoDb?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "topology";
}
