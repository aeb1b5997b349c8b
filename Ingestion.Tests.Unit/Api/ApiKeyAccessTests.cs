using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Api;

/// <summary>Who may send what, black-box over HTTP: every refusal is problem+json and publishes nothing.</summary>
public sealed class ApiKeyAccessTests : IClassFixture<ApiHost>, IDisposable
{
    private readonly ApiHost _api;

    // No key added for us: these tests say exactly which key each request carries.
    private readonly HttpClient _raw;

    public ApiKeyAccessTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
        _raw = new HttpClient { BaseAddress = api.Client.BaseAddress };
    }

    public void Dispose() => _raw.Dispose();

    [Fact]
    public async Task WithoutAKeyTheAnswerIs401AndNothingIsPublished()
    {
        using var response = await SendAsync("/sources/sourceB/events", key: null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("API key required", problem.GetProperty("title").GetString());
        Assert.Contains("X-Api-Key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AnUnknownKeyIs401AndIsNotEchoed()
    {
        const string guess = "not-a-key-anyone-was-given-0123456789";

        using var response = await SendAsync("/sources/sourceB/events", guess);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("API key not valid", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(guess, problem.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AnotherSourcesKeyIs403AndNothingIsPublished()
    {
        using var response = await SendAsync("/sources/sourceB/events", TestApiKeys.For("sourceA"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("'sourceB'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task TheAdminKeyDoesNotSendEvents()
    {
        using var response = await SendAsync("/sources/sourceB/events", TestApiKeys.For("admin"));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task TheSourcesOwnKeyIsAccepted()
    {
        using var response = await SendAsync("/sources/sourceB/events", TestApiKeys.For("sourceB"));

        await response.AssertAcceptedAsync();
        Assert.Single(_api.Sns.Entries);
    }

    [Fact]
    public async Task TwoHeadersAreRefusedEvenWhenOneIsRight()
    {
        using var request = EventRequest("/sources/sourceB/events");
        request.Headers.TryAddWithoutValidation("X-Api-Key", [TestApiKeys.For("sourceB"), TestApiKeys.For("sourceA")]);

        using var response = await _raw.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(_api.Sns.Entries);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("noise", HttpStatusCode.Forbidden)]
    [InlineData("sourceB", HttpStatusCode.Forbidden)]
    public async Task ReplayNeedsTheAdminKey(string? principal, HttpStatusCode expected)
    {
        using var response = await SendAsync("/replay", principal is null ? null : TestApiKeys.For(principal),
            """{"source":"noise","from":"2026-11-24T00:00:00Z","to":"2026-11-25T00:00:00Z"}""");

        await response.AssertProblemAsync(expected);
    }

    [Fact]
    public async Task TheAdminKeyReachesReplay()
    {
        // An invalid request, so nothing runs: the point is that the key got past the door.
        using var response = await SendAsync("/replay", TestApiKeys.For("admin"), """{"source":"noise"}""");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task StatusOfAReplayNeedsTheAdminKeyToo()
    {
        using var response = await SendAsync("/replay/0123", TestApiKeys.For("noise"), body: null, HttpMethod.Get);

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task HealthProbesNeedNoKey()
    {
        using var response = await _raw.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<HttpResponseMessage> SendAsync(string path, string? key, string? body = null, HttpMethod? method = null)
    {
        var request = EventRequest(path, body, method);
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return _raw.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static HttpRequestMessage EventRequest(string path, string? body = null, HttpMethod? method = null)
    {
        method ??= HttpMethod.Post;
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(body ?? SampleEvents.Contract(), Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        }

        return request;
    }
}
