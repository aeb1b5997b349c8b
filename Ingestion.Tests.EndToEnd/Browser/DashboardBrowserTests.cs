using Ingestion.Tests.EndToEnd;
using Microsoft.Playwright;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Browser;

/// <summary>
/// The real Aspire dashboard of the shared topology, in headless Chromium: our resources, the
/// queues with their live depth, the dead-letter and find-event commands, and a posted event's
/// trace. With INGESTION_SCREENSHOTS_DIR set, it also makes the README's screenshots.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class DashboardBrowserTests(TopologyFixture topology) : IAsyncLifetime
{
    private static readonly ViewportSize Viewport = new() { Width = 1600, Height = 1000 };

    private HeadlessChromium _chromium = null!;
    private IPage _page = null!;

    public async ValueTask InitializeAsync()
    {
        _chromium = await HeadlessChromium.LaunchAsync();
        _page = await _chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = Viewport });
    }

    public async ValueTask DisposeAsync() => await _chromium.DisposeAsync();

    [Fact]
    public async Task TheFirstScreenShowsTheEmulatorsTheApiAndEveryWorkerThenTheQueuesWithDepth()
    {
        await OpenAsync("/");

        // Visible without scrolling at 1600x1000: what a user came for, above the stack's queues.
        string[] services = ["ingestion", "fauxqs", "dynalite", "api", .. topology.Stack.Workers.Select(worker => $"worker-{worker.Name}")];
        foreach (var name in services)
        {
            var cell = _page.GetByText(name, new() { Exact = true }).First;
            await Expect(cell);
            var box = await cell.BoundingBoxAsync();
            Assert.True(box is not null && box.Y + box.Height <= Viewport.Height, $"{name} is below the first screen (at y {box?.Y})");
        }

        // The queues follow, each with its live depth (QueueResourceTests: a dead-letter queue only once it holds something).
        await Expect(Row("ingestion-sourceB").GetByText("waiting", new() { Exact = false }));
        await Expect(Row("ingestion-sourceB").GetByText("in flight", new() { Exact = false }));
        await Screenshots.SaveAsync(_page, "resources");
    }

    [Fact]
    public async Task TheParametersTabListsEachApiKeyMasked()
    {
        await OpenAsync("/");
        await _page.GetByText("Parameters", new() { Exact = true }).First.ClickAsync();

        foreach (var principal in TestApiKeys.Principals)
        {
            await Expect(_page.GetByText($"api-key-{principal}", new() { Exact = true }).First);
        }

        // Masked until someone asks: no key's value is on the page.
        var text = await _page.Locator("body").InnerTextAsync();
        Assert.All(TestApiKeys.Principals, principal => Assert.DoesNotContain(TestApiKeys.For(principal), text, StringComparison.Ordinal));
        await Screenshots.SaveAsync(_page, "parameters");
    }

    [Fact]
    public async Task ADeadLetterQueueOffersListAndRedriveAndTheStackOffersFindEvent()
    {
        // A dead-letter queue is listed once it holds something.
        var deadLetterQueueUrl = topology.Outputs["sourceCDeadLetterQueueUrl"];
        var eventId = UniqueId("browser-dlq");
        await topology.Sqs.SendMessageAsync(new Amazon.SQS.Model.SendMessageRequest
        {
            QueueUrl = deadLetterQueueUrl,
            MessageBody = $$"""{"event_id":"{{eventId}}"}""",
            MessageGroupId = eventId,
            MessageDeduplicationId = eventId,
        }, TestContext.Current.CancellationToken);
        try
        {
            using var deadline = TopologyFixture.Deadline(TimeSpan.FromSeconds(30));
            await topology.Notifications.WaitForResourceAsync("ingestion-sourceC-dlq", e => !e.Snapshot.IsHidden, deadline.Token);
            await ListAndRedriveThenFindEventAsync();
        }
        finally
        {
            while ((await topology.Sqs.ReceiveMessageAsync(new Amazon.SQS.Model.ReceiveMessageRequest { QueueUrl = deadLetterQueueUrl, MaxNumberOfMessages = 10 }, TestContext.Current.CancellationToken)).Messages is { Count: > 0 } messages)
            {
                foreach (var message in messages)
                {
                    await topology.Sqs.DeleteMessageAsync(deadLetterQueueUrl, message.ReceiptHandle, TestContext.Current.CancellationToken);
                }
            }
        }
    }

    private async Task ListAndRedriveThenFindEventAsync()
    {
        await OpenAsync("/");
        // The grid renders only the rows near the screen, and a dead-letter queue sits under its
        // queue further down: found the way a user would, with the grid's filter.
        var filter = _page.Locator("fluent-text-input[name=resources-search]").First;
        await filter.ClickAsync();
        await _page.Keyboard.TypeAsync("ingestion-sourceC-dlq");
        // Filtered once the other resources' rows are gone.
        await _page.GetByText("dynalite", new() { Exact = true }).First.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 15_000 });
        await Row("ingestion-sourceC-dlq").Locator("fluent-button, button").Last.ClickAsync();
        await Expect(_page.GetByText("List dead letters").First);
        await Expect(_page.GetByText("Redrive to source queue").First);
        await Screenshots.SaveAsync(_page, "dead-letter-commands");
        await _page.Keyboard.PressAsync("Escape");

        await filter.ClickAsync();
        await _page.Keyboard.PressAsync("Control+A");
        await _page.Keyboard.PressAsync("Backspace");
        await Row("ingestion").Locator("fluent-button, button").Last.ClickAsync();
        await Expect(_page.GetByText("Find event").First);
    }

    [Fact]
    public async Task APostedEventsTraceShowsEveryHopInTheDashboard()
    {
        var contractId = UniqueId("c");
        var (traceId, _) = await topology.PostTracedAsync("sourceB", Contract(contractId));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");
        await topology.Telemetry.WaitForSpanAsync(s => s.TraceId == traceId && s.Service == "worker-sourceB" && s.Kind == Ingestion.Testing.Otlp.ExportedSpanKind.Client,
            TimeSpan.FromSeconds(30), "the worker's DynamoDB span", TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(async () =>
        {
            await OpenAsync($"/traces/detail/{traceId}");
            return await _page.GetByText("worker-sourceB").CountAsync() > 0;
        }, TimeSpan.FromSeconds(30), $"trace {traceId} in the dashboard", TestContext.Current.CancellationToken);

        await Expect(_page.GetByText("api").First);
        await Expect(_page.GetByText("PutItem", new() { Exact = false }).First);
        await Screenshots.SaveAsync(_page, "trace");
    }

    private async Task OpenAsync(string path)
    {
        await _page.GotoAsync(new Uri(topology.DashboardUrl, path).ToString(), new() { WaitUntil = WaitUntilState.NetworkIdle });
        // A Blazor app: the first render follows the network going idle.
        await _page.Locator("main, .main-content, fluent-data-grid, .resources-grid").First.WaitForAsync(new() { Timeout = 15_000 });
    }

    private ILocator Row(string resource) =>
        _page.Locator("fluent-data-grid-row, [role=row]").Filter(new() { Has = _page.GetByText(resource, new() { Exact = true }) }).First;

    private static Task Expect(ILocator locator) => locator.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 15_000 });
}
