using System.Net;
using System.Text;
using Amazon.Runtime;
using Ingestion.Messaging.Aws.SecretsManager;
using Ingestion.Tests.Support;
using static Ingestion.Tests.Api.StoredKeys;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Simmy;
using Polly.Simmy.Latency;

namespace Ingestion.Tests.Api;

/// <summary>
/// Secrets Manager (moto's) misbehaving under a running API: Polly's chaos latency makes its
/// requests outlast the HTTP timeout, and a credential source fails as an unreachable ECS
/// credentials endpoint does. A failed refresh keeps the keys and the API; a slow start is retried
/// with back-off, and a start that never gets through fails with a clear message.
/// </summary>
public sealed class ApiKeySecretsFaultTests(MotoSecretsManager moto)
{
    private static readonly string[] Principals = ["sourceA", "sourceB", "sourceC", "noise", "admin"];

    public enum Fault
    {
        Timeout,
        Credentials,
    }

    [Theory]
    [InlineData(Fault.Timeout)]
    [InlineData(Fault.Credentials)]
    public async Task AFailingRefreshKeepsTheApiRunningWithTheKeysItHad(Fault fault)
    {
        var prefix = await PutKeysAsync();
        var faults = new FaultSwitch();
        var logs = new CapturedLogs();
        await using var app = Build(prefix, faults, fault, logs, refreshInterval: "00:00:00.200");
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        faults.Fail(int.MaxValue);
        await Support.Eventually.TrueAsync(
            () => Task.FromResult(logs.Records.Count(record => record.Message.StartsWith("Could not refresh the API keys", StringComparison.Ordinal)) >= 3),
            TimeSpan.FromSeconds(30), "three failed refreshes", TestContext.Current.CancellationToken);

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the API stopped because a refresh failed");
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, Key("sourceB", 1)));

        // Refreshing goes on once Secrets Manager answers again: a rotation is picked up.
        faults.Fail(0);
        await moto.PutSecretAsync(prefix + "sourceB", $$"""{"previous":"","current":"{{Key("sourceB", 2)}}"}""");
        await Support.Eventually.TrueAsync(async () => await PostAsync(http, Key("sourceB", 2)) == HttpStatusCode.Accepted,
            TimeSpan.FromSeconds(30), "the rotated key to be accepted", TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData(Fault.Timeout)]
    [InlineData(Fault.Credentials)]
    public async Task ASlowStartIsRetriedUntilTheKeysAreRead(Fault fault)
    {
        var prefix = await PutKeysAsync();
        var faults = new FaultSwitch();
        faults.Fail(2);
        await using var app = Build(prefix, faults, fault, new CapturedLogs(), startAttempts: 4);

        await app.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, faults.Injected);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, Key("sourceB", 1)));
    }

    [Fact]
    public async Task AStartThatNeverReadsTheKeysFailsClearlyAfterItsAttempts()
    {
        var prefix = await PutKeysAsync();
        var faults = new FaultSwitch();
        faults.Fail(int.MaxValue);

        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = Build(prefix, faults, Fault.Timeout, new CapturedLogs(), startAttempts: 3);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        var startFailure = Assert.IsType<InvalidOperationException>(failure);
        Assert.StartsWith("Could not read the API keys from Secrets Manager in 3 attempts", startFailure.Message, StringComparison.Ordinal);
        Assert.Equal(3, faults.Injected);
    }

    private async Task<string> PutKeysAsync()
    {
        var prefix = $"faults-{Guid.NewGuid():N}/api-keys/";
        foreach (var principal in Principals)
        {
            await moto.PutSecretAsync(prefix + principal, $$"""{"previous":"","current":"{{Key(principal, 1)}}"}""");
        }

        return prefix;
    }

    private WebApplication Build(string prefix, FaultSwitch faults, Fault fault, CapturedLogs logs, string refreshInterval = "00:05:00", int startAttempts = 5) =>
        ApiHost.Build(new FakeSnsClient(), logs, new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["AWS:Resources:ApiKeySecretPrefix"] = prefix,
            ["ApiKeySecrets:Enabled"] = "true",
            ["ApiKeySecrets:RefreshInterval"] = refreshInterval,
            ["ApiKeySecrets:StartAttempts"] = startAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ApiKeySecrets:StartRetryDelay"] = "00:00:00.050",
            ["ApiKeys:sourceA:Current"] = "", ["ApiKeys:sourceB:Current"] = "", ["ApiKeys:sourceC:Current"] = "", ["ApiKeys:noise:Current"] = "", ["ApiKeys:admin:Current"] = "",
        }, replaceServices: services => services.AddSingleton(Client(faults, fault)));

    /// <summary>Our client on moto, with the chosen fault injected while the switch is on.</summary>
    private SecretsManagerClient Client(FaultSwitch faults, Fault fault)
    {
        if (fault == Fault.Credentials)
        {
            return new SecretsManagerClient(new HttpClient(), moto.Endpoint, "us-east-1", new FailingCredentials(faults));
        }

        // A response that takes a minute, cut off by a short HttpClient timeout: what a hung Secrets Manager looks like.
        var latency = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddChaosLatency(new ChaosLatencyStrategyOptions
            {
                InjectionRate = 1,
                EnabledGenerator = _ => ValueTask.FromResult(faults.TryTake()),
                Latency = TimeSpan.FromMinutes(1),
            })
            .Build();
        var http = new HttpClient(new ResilienceHandler(latency) { InnerHandler = new SocketsHttpHandler() }) { Timeout = TimeSpan.FromMilliseconds(500) };
        return new SecretsManagerClient(http, moto.Endpoint, "us-east-1", new BasicAWSCredentials("test", "test"));
    }

    /// <summary>How many calls still fail (int.MaxValue: all), and how many did.</summary>
    private sealed class FaultSwitch
    {
        private int _remaining;
        private int _injected;

        public int Injected => Volatile.Read(ref _injected);

        public void Fail(int calls) => Volatile.Write(ref _remaining, calls);

        public bool TryTake()
        {
            while (true)
            {
                var remaining = Volatile.Read(ref _remaining);
                if (remaining <= 0)
                {
                    return false;
                }

                var next = remaining == int.MaxValue ? remaining : remaining - 1;
                if (Interlocked.CompareExchange(ref _remaining, next, remaining) == remaining)
                {
                    Interlocked.Increment(ref _injected);
                    return true;
                }
            }
        }
    }

    /// <summary>Credentials that cannot be had while the switch is on, as when the ECS credentials endpoint does not answer.</summary>
    private sealed class FailingCredentials(FaultSwitch faults) : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() => faults.TryTake()
            ? throw new AmazonClientException("Failed to retrieve credentials from the container credentials endpoint.")
            : new ImmutableCredentials("test", "test", null);
    }
}
