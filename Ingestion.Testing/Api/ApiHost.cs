using Ingestion.Api.Sources.Schemas;
using System.Net.Http.Headers;
using System.Text;
using Ingestion.Api;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Api;

/// <summary>
/// The API as Program.cs builds it, on 127.0.0.1 with a free port and a fake SNS, called
/// over real HTTP (Microsoft.AspNetCore.Mvc.Testing is not referenced).
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    public const string TopicArn = "arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo";

    public static readonly DateTimeOffset Now = new(2026, 11, 24, 11, 40, 0, 123, TimeSpan.Zero);

    private WebApplication? _app;

    internal FakeSnsClient Sns { get; } = new();

    internal CapturedLogs Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async ValueTask InitializeAsync()
    {
        _app = Build(Sns, Logs, new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = TopicArn,
            // One PublishBatch in flight makes coalescing deterministic to observe.
            ["Ingestion:Publishing:MaxConcurrentBatches"] = "1",
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);

        Client = ApiKeyHeaders.Client(new Uri(_app.Urls.Single()), TimeSpan.FromSeconds(30));
    }

    /// <summary>The same steps as Program.cs, with the fake SNS and test configuration.</summary>
    internal static WebApplication Build(
        ISnsClient sns, CapturedLogs logs, IDictionary<string, string?> configuration,
        string environmentName = "Production", Action<IServiceCollection>? replaceServices = null)
    {
        configuration = new Dictionary<string, string?>(configuration);
        foreach (var (key, value) in TestApiKeys.ApiConfiguration())
        {
            configuration.TryAdd(key, value);
        }

        configuration.TryAdd(NoiseSourceOptions.StackOutputKey, "HydePark,Woodlawn,Kenwood");
        // The replay job's S3 and SQS clients are made at start; nothing in these tests reaches them.
        configuration.TryAdd("AWS:Region", "us-east-1");
        // No DynamoDB here to count API instances in: each host enforces its limits alone unless a test says otherwise.
        configuration.TryAdd("RateLimits:ShareAcrossInstances", "false");
        // Where the instances count themselves and replays keep their state, when a test turns that on.
        configuration.TryAdd("AWS:Resources:DataStoreTableName", "datastore");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(IngestionApiExtensions).Assembly.GetName().Name,
            EnvironmentName = environmentName,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.ClearProviders().AddProvider(logs);

        builder.AddServiceDefaults();
        builder.Services.AddSingleton<TimeProvider>(new FixedTimeProvider(Now));
        builder.AddIngestionApi();
        builder.Services.AddSingleton<ISnsClient>(sns);
        replaceServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.UseIngestionApi();
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public Task<HttpResponseMessage> PostAsync(string source, string json, string? idempotencyKey = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/{source}/events")
        {
            Content = new StringContent(json, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
