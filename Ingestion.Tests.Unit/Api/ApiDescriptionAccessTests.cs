using System.Net;
using Ingestion.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>
/// The OpenAPI document and Scalar page are open in Development, admin-only elsewhere; and no
/// endpoint but the health probes is reachable without a key (a new endpoint that forgets its
/// policy fails here).
/// </summary>
public sealed class ApiDescriptionAccessTests
{
    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    public async Task OutsideDevelopmentTheDescriptionNeedsTheAdminKey(string path)
    {
        await using var app = await StartAsync("Production");
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var withoutKey = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);
        using var sourceKey = await SendWithKeyAsync(anonymous, path, TestApiKeys.For("sourceB"));
        using var adminKey = await SendWithKeyAsync(anonymous, path, TestApiKeys.For("admin"));

        await withoutKey.AssertProblemAsync(HttpStatusCode.Unauthorized);
        await sourceKey.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, adminKey.StatusCode);
    }

    [Theory]
    [InlineData("/openapi/v1.json")]
    [InlineData("/scalar")]
    public async Task InDevelopmentTheDescriptionIsOpen(string path)
    {
        await using var app = await StartAsync("Development");
        using var anonymous = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        using var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EveryEndpointButTheHealthProbesNeedsAKeyOutsideDevelopment()
    {
        await using var app = await StartAsync("Production");

        var open = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(endpoint => endpoint.RoutePattern.RawText)
            .ToList();

        Assert.Equal(["/alive", "/health"], open.Order(StringComparer.Ordinal));
    }

    private static async Task<WebApplication> StartAsync(string environment)
    {
        var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(),
            new Dictionary<string, string?> { ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn }, environment);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", key);
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
