using Microsoft.Playwright;

namespace Ingestion.Tests.Browser;

/// <summary>The browser the browser tests fall back to on a machine without Debian's chromium: npm's, driven by Playwright.</summary>
public sealed class NpmChromiumTests
{
    [Fact]
    public async Task NpmsChromiumRunsAPageScriptHeadlessWithNothingFromApt()
    {
        var options = await NpmChromium.LaunchOptionsAsync([], TestContext.Current.CancellationToken);
        options.Headless = true;
        Assert.NotEqual("/usr/bin/chromium", options.ExecutablePath);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(options);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 400, Height = 200 } });
        await page.SetContentAsync("<p id=greeting>rendered</p><script>document.getElementById('greeting').textContent += ' and scripted';</script>");

        Assert.Equal("rendered and scripted", await page.InnerTextAsync("#greeting"));
        Assert.Equal(400, await page.EvaluateAsync<int>("() => window.innerWidth"));
    }
}
