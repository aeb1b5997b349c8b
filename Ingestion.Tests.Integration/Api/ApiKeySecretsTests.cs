using System.Net;
using System.Text;
using Amazon.Runtime;
using Ingestion.Messaging.Aws.SecretsManager;
using Ingestion.Tests.Support;
using static Ingestion.Tests.Api.StoredKeys;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>
/// On AWS the API reads its keys from the stack's Secrets Manager secrets: here from moto's
/// Secrets Manager, the secrets written by boto3. Both keys of a rotation open the door, and a
/// rotated secret is picked up without a restart.
/// </summary>
public sealed class ApiKeySecretsTests(MotoSecretsManager moto)
{
    private static readonly string[] Principals = ["sourceA", "sourceB", "sourceC", "noise", "admin"];

    [Fact]
    public async Task OurClientReadsWhatBoto3Stored()
    {
        await moto.PutSecretAsync("client-test/api-keys/sourceB", """{"previous":"","current":"abc"}""");

        var value = await Client().GetSecretStringAsync("client-test/api-keys/sourceB", TestContext.Current.CancellationToken);

        Assert.Equal("""{"previous":"","current":"abc"}""", value);
    }

    [Fact]
    public async Task AMissingSecretIsAnErrorWithTheServicesCode()
    {
        var failure = await Assert.ThrowsAsync<SecretsManagerException>(() => Client().GetSecretStringAsync("no-such/secret", TestContext.Current.CancellationToken));

        Assert.Equal("ResourceNotFoundException", failure.ErrorCode);
    }

    [Fact]
    public async Task TheApiTakesTheKeysFromTheSecretsAndFollowsARotation()
    {
        var prefix = $"rotation-{Guid.NewGuid():N}/api-keys/";
        foreach (var principal in Principals)
        {
            await moto.PutSecretAsync(prefix + principal, $$"""{"previous":"","current":"{{Key(principal, 1)}}"}""");
        }

        await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["AWS:Resources:ApiKeySecretPrefix"] = prefix,
            ["ApiKeySecrets:Enabled"] = "true",
            ["ApiKeySecrets:RefreshInterval"] = "00:00:00.200",
            // No keys from configuration: everything must come from the secrets.
            ["ApiKeys:sourceA:Current"] = "", ["ApiKeys:sourceB:Current"] = "", ["ApiKeys:sourceC:Current"] = "", ["ApiKeys:noise:Current"] = "", ["ApiKeys:admin:Current"] = "",
        }, replaceServices: services => services.AddSingleton(Client()));
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, Key("sourceB", 1)));

        // Rotation: the new key becomes current, the old one stays valid as previous until producers moved.
        await moto.PutSecretAsync(prefix + "sourceB", $$"""{"previous":"{{Key("sourceB", 1)}}","current":"{{Key("sourceB", 2)}}"}""");
        await Support.Eventually.TrueAsync(async () => await PostAsync(http, Key("sourceB", 2)) == HttpStatusCode.Accepted, TimeSpan.FromSeconds(20), "the rotated key to be accepted", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(http, Key("sourceB", 1)));

        // The old key retired: refused from the next refresh on.
        await moto.PutSecretAsync(prefix + "sourceB", $$"""{"previous":"","current":"{{Key("sourceB", 2)}}"}""");
        await Support.Eventually.TrueAsync(async () => await PostAsync(http, Key("sourceB", 1)) == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(20), "the retired key to be refused", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WithoutItsSecretsTheApiDoesNotStart()
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
            {
                ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
                ["AWS:Resources:ApiKeySecretPrefix"] = $"absent-{Guid.NewGuid():N}/",
                ["ApiKeySecrets:Enabled"] = "true",
            }, replaceServices: services => services.AddSingleton(Client()));
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        var notFound = Assert.IsType<SecretsManagerException>(failure);
        Assert.Equal("ResourceNotFoundException", notFound.ErrorCode);
    }

    private SecretsManagerClient Client() => new(new HttpClient(), moto.Endpoint, "us-east-1", new BasicAWSCredentials("test", "test"));
}
