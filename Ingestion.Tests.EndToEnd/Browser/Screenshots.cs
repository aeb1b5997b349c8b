using Microsoft.Playwright;

namespace Ingestion.Tests.Browser;

/// <summary>Saves a full-page PNG when INGESTION_SCREENSHOTS_DIR names a folder (docs/screenshots for the README).</summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("INGESTION_SCREENSHOTS_DIR") is not { Length: > 0 } directory)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png") });
    }
}
