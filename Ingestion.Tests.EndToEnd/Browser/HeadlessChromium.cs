using Microsoft.Playwright;

namespace Ingestion.Tests.Browser;

/// <summary>
/// A headless Chromium that Playwright launches by its executable path (this environment cannot
/// download a browser): Debian's (/usr/bin/chromium) where it is installed, else the build npm's
/// @sparticuz/chromium carries, installed with the emulators' packages, so the browser tests need
/// nothing from apt.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private const string DebianChromium = "/usr/bin/chromium";

    // Without the background-networking flags Chromium keeps calling home, which this machine refuses.
    private static readonly string[] QuietArgs = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var options = File.Exists(DebianChromium)
            ? new BrowserTypeLaunchOptions { ExecutablePath = DebianChromium, Args = ["--no-sandbox", "--disable-gpu", .. QuietArgs] }
            : await NpmChromium.LaunchOptionsAsync(QuietArgs, TestContext.Current.CancellationToken);
        options.Headless = true;
        var playwright = await Playwright.CreateAsync();
        try
        {
            return new HeadlessChromium(playwright, await playwright.Chromium.LaunchAsync(options));
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync(BrowserNewPageOptions options) => _browser.NewPageAsync(options);

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
