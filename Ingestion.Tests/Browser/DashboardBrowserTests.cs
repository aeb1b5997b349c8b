using System.Text.Json.Nodes;
using Ingestion.Tests.EndToEnd;
using Microsoft.Playwright;
using static Ingestion.Tests.EndToEnd.TopologyClient;

namespace Ingestion.Tests.Browser;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium, driven by Playwright): log in with the
/// printed token, find a posted event's trace, see its waterfall. With INGESTION_SCREENSHOTS_DIR
/// set, the pages are also saved as PNGs (that is how the README's screenshots are made).
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class DashboardBrowserTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APostedEventsTraceShowsItsWaterfallAfterLogin()
    {
        var contractId = UniqueId("c");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceB", Contract(contractId));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var dashboard = topology.App.Dashboard.Running.DashboardUrl;

        // Not logged in: the dashboard asks for the token.
        await page.GotoAsync(new Uri(dashboard, "/traces").ToString());
        await page.FillAsync("#token", topology.App.Dashboard.Running.LoginToken!);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));

        // The traces list filtered by the event's id links to its trace.
        await page.GotoAsync(new Uri(dashboard, $"/traces?attr=event_id={eventId}").ToString());
        var link = page.Locator($"#traces a[href='/traces/{traceId}']");
        await link.WaitForAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "traces");
        await link.ClickAsync();

        // The waterfall has the API's spans and the worker's, down to the DynamoDB write
        // (spans arrive in export batches: reload until the write is in).
        var rows = page.Locator(".waterfall .wf-row .name");
        await Support.Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            await rows.First.WaitForAsync(new() { Timeout = 10_000 });
            var names = await rows.AllInnerTextsAsync();
            return names.Any(n => n.StartsWith("POST", StringComparison.Ordinal))
                && names.Any(n => n.StartsWith("process", StringComparison.Ordinal))
                && names.Any(n => n.Contains("PutItem", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(30), "the waterfall to show POST, process and PutItem spans", Cancellation);
        await Screenshots.SaveAsync(page, "trace");

        Assert.True(await page.Locator(".waterfall .wf-bar").CountAsync() >= 4);
    }

    [Fact]
    public async Task TheEventJourneyAndTheOtherPagesRender()
    {
        var contractId = UniqueId("c");
        var eventId = (await topology.PostAcceptedAsync("sourceB", Contract(contractId)))[0];
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        await using var browser = await HeadlessChromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        var running = topology.App.Dashboard.Running;
        await page.GotoAsync(running.LoginUrl.ToString());

        foreach (var (path, name, selector) in new[]
        {
            ("/resources", "resources", "text=worker-sourceB"),
            ("/queues", "queues", "text=ingestion-sourceB.fifo"),
            ("/console", "console", "text=Now listening on"),
            ("/logs", "logs", "tbody >> text=worker-sourceB"),
            ("/metrics", "metrics", "svg"),
        })
        {
            await page.GotoAsync(new Uri(running.DashboardUrl, path).ToString());
            await page.Locator(selector).First.WaitForAsync(new() { Timeout = 30_000 });
            await Screenshots.SaveAsync(page, name);
        }

        await page.GotoAsync(new Uri(running.DashboardUrl, $"/journey?id={eventId}").ToString());
        await page.Locator("text=stored").First.WaitForAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "journey");

        await page.SetViewportSizeAsync(420, 860);
        await page.ReloadAsync();
        await page.Locator("text=stored").First.WaitForAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(page, "journey-narrow");
    }
}
