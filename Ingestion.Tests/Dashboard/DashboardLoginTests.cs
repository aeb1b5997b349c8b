using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Tests.Dashboard;

public sealed class DashboardLoginTests
{
    [Fact]
    public async Task TheApiRefusesCallsBeforeSignIn()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: false));
        using var client = dashboard.Client();

        using var response = await client.GetAsync("/api/resources", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PagesRedirectToTheLoginFormBeforeSignIn()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: false));
        using var client = dashboard.Client(followRedirects: false);

        using var page = await client.GetAsync("/traces?attr=event_id%3Dx", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login?returnUrl=%2Ftraces%3Fattr%3Devent_id%253Dx", page.Headers.Location?.OriginalString);

        using var form = await client.GetAsync("/login", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("name=\"t\"", await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheLoginUrlSetsACookieThatOpensTheDashboard()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: false));
        using var client = dashboard.Client(followRedirects: false);

        Assert.Equal("127.0.0.1", dashboard.LoginUrl.Host);
        Assert.Equal($"?t={dashboard.LoginToken}", dashboard.LoginUrl.Query);
        using var login = await client.GetAsync(dashboard.LoginUrl, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        using var api = await client.GetAsync("/api/resources", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    [Fact]
    public async Task AWrongTokenIsRefused()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: false));
        using var client = dashboard.Client(followRedirects: false);

        using var login = await client.GetAsync("/login?t=not-the-token", TestContext.Current.CancellationToken);
        using var api = await client.GetAsync("/api/resources", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.False(login.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task ScriptsMaySendTheTokenAsABearerToken()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: false));
        using var client = dashboard.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.LoginToken);

        using var response = await client.GetAsync("/api/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task UnsecuredDashboardsNeedNoLogin()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: true));
        using var client = dashboard.Client(followRedirects: false);

        using var api = await client.GetAsync("/api/resources", TestContext.Current.CancellationToken);
        using var page = await client.GetAsync("/resources", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(dashboard.DashboardUrl, dashboard.LoginUrl);
        Assert.Null(dashboard.LoginToken);
    }

    [Fact]
    public async Task RequestsForAnotherHostNameAreRefused()
    {
        await using var dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(unsecured: true));
        using var client = dashboard.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/resources");
        request.Headers.Host = "attacker.example";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void TheUnsecuredVariableTurnsLoginOff()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["INGESTION_DASHBOARD_UNSECURED"] = "true", ["Dashboard:Port"] = "19999" })
            .Build();

        var options = Ingestion.AppHost.Dashboard.DashboardOptions.FromConfiguration(configuration);

        Assert.True(options.Unsecured);
        Assert.Equal(19999, options.Port);
        Assert.Equal(18889, options.OtlpGrpcPort);
    }
}
