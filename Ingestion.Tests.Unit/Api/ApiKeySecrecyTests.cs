using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Api;

/// <summary>A key is never logged, traced or echoed: not a valid one, not another source's, not a wrong guess.</summary>
public sealed class ApiKeySecrecyTests
{
    [Fact]
    public async Task NoKeyAppearsInAnyLogRecordSpanOrResponse()
    {
        var everything = new EverythingLogged();
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var configuration = new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["Logging:LogLevel:Default"] = "Trace",
            // The previous key of a rotation is as secret as the current one.
            ["ApiKeys:sourceB:Previous"] = "previous-key-of-sourceB-0123456789",
        };
        var sns = new FakeSnsClient();
        await using var app = ApiHost.Build(sns, new CapturedLogs(), configuration);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(everything);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        const string guess = "a-wrong-guess-at-a-key-0123456789";
        var sent = new[] { TestApiKeys.For("sourceB"), "previous-key-of-sourceB-0123456789", TestApiKeys.For("sourceA"), TestApiKeys.For("admin"), guess };
        var bodies = new StringBuilder();

        foreach (var key in sent)
        {
            foreach (var path in new[] { "/sources/sourceB/events", "/replay" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(SampleEvents.Contract(), Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Api-Key", key);
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                bodies.Append(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                bodies.Append(string.Join(' ', response.Headers.Concat(response.Content.Headers).SelectMany(header => header.Value)));
            }
        }

        // The current and previous keys both let sourceB in: the rotation window works.
        Assert.Equal(2, sns.Entries.Count);
        var logged = string.Join('\n', everything.Records);
        var traced = string.Join('\n', spans.SelectMany(span => span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}")
            .Concat(span.Events.SelectMany(e => e.Tags.Select(tag => $"{tag.Key}={tag.Value}")))
            .Append(span.DisplayName)));
        Assert.NotEmpty(everything.Records);
        Assert.NotEmpty(spans);
        foreach (var key in sent)
        {
            Assert.DoesNotContain(key, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(key, traced, StringComparison.Ordinal);
            Assert.DoesNotContain(key, bodies.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Every record at every level, with its exception and scopes, as text.</summary>
    private sealed class EverythingLogged : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<string> Records { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(EverythingLogged provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new StringBuilder();
                provider._scopes.ForEachScope((scope, text) => text.Append(scope).Append(';'), scopes);
                var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(',', pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                provider.Records.Enqueue($"{category} {formatter(state, exception)} {values} {exception} {scopes}");
            }
        }
    }
}
