using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// The keys in the running topology: they are the AppHost's secret parameters, and a request
/// without the right one changes nothing in the emulators (read through the AWS SDK for
/// JavaScript, not our code), while the same request with it is stored.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class AccessInTheRunTests(TopologyFixture topology) : IDisposable
{
    private readonly HttpClient _anonymous = new() { BaseAddress = topology.ApiUrl };

    public void Dispose() => _anonymous.Dispose();

    [Fact]
    public void EachSourceAndAdminHasASecretParameterTheApiIsGiven()
    {
        var model = topology.App.Services.GetRequiredService<DistributedApplicationModel>();
        var keys = model.Resources.OfType<ParameterResource>().Where(p => p.Name.StartsWith("api-key-", StringComparison.Ordinal)).ToList();

        Assert.Equal(["api-key-admin", "api-key-noise", "api-key-sourceA", "api-key-sourceB", "api-key-sourceC"], keys.Select(k => k.Name).Order(StringComparer.Ordinal));
        Assert.All(keys, key => Assert.True(key.Secret, $"{key.Name} is not secret"));
        // The dashboard lists each parameter, its value marked sensitive (masked until asked for).
        Assert.All(keys, key =>
        {
            Assert.True(topology.Notifications.TryGetCurrentState(key.Name, out var parameter), $"the dashboard has no {key.Name}");
            var values = parameter.Snapshot.Properties.Where(p => Equals(p.Value, TestApiKeys.For(key.Name["api-key-".Length..]))).ToList();
            Assert.NotEmpty(values);
            Assert.All(values, value => Assert.True(value.IsSensitive, $"{key.Name}'s {value.Name} is shown unmasked"));
        });
        // What the running process was given, as the dashboard shows it.
        Assert.True(topology.Notifications.TryGetCurrentState("api", out var api));
        var environment = api.Snapshot.EnvironmentVariables.ToDictionary(variable => variable.Name, variable => variable.Value);
        foreach (var principal in TestApiKeys.Principals)
        {
            Assert.Equal(TestApiKeys.For(principal), environment[$"ApiKeys__{principal}__Current"]);
        }
    }

    [Fact]
    public async Task ARequestWithoutTheRightKeyChangesNothingAndTheRightKeyStoresIt()
    {
        var refused = new[] { UniqueId("c"), UniqueId("c"), UniqueId("c") };
        using var withoutKey = await PostAsync(refused[0], key: null);
        using var wrongKey = await PostAsync(refused[1], "a-key-nobody-was-given-0123456789");
        using var otherSourcesKey = await PostAsync(refused[2], TestApiKeys.For("sourceA"));
        Assert.Equal(
            (HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
            (withoutKey.StatusCode, wrongKey.StatusCode, otherSourcesKey.StatusCode));

        // A control through the same door with the right key: stored, so the refused ones would have been by now.
        var accepted = UniqueId("c");
        using var rightKey = await PostAsync(accepted, TestApiKeys.For("sourceB"));
        Assert.Equal(HttpStatusCode.Accepted, rightKey.StatusCode);
        await topology.WaitForItemAsync($"CONTRACT#{accepted}");

        foreach (var id in refused)
        {
            Assert.Null(await ReadItemAsync($"CONTRACT#{id}"));
        }
    }

    [Fact]
    public async Task ASourceKeyCannotReplay()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/replay")
        {
            Content = JsonContent.Create(new JsonObject { ["source"] = "noise", ["from"] = "2026-01-01T00:00:00Z", ["to"] = "2026-01-02T00:00:00Z" }),
        };
        request.Headers.Add("X-Api-Key", TestApiKeys.For("noise"));

        using var response = await _anonymous.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> PostAsync(string contractId, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/sourceB/events") { Content = JsonContent.Create(Contract(contractId)) };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return await _anonymous.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<JsonNode?> ReadItemAsync(string id)
    {
        var reply = await AwsJs.SendAsync("dynamodb", "GetItem", topology.DynaliteEndpoint, new JsonObject
        {
            ["TableName"] = topology.Outputs["DataStoreTableName"],
            ["ConsistentRead"] = true,
            ["Key"] = new JsonObject { ["ID"] = new JsonObject { ["S"] = id } },
        }, TestContext.Current.CancellationToken);
        return reply["Item"];
    }
}
