namespace Ingestion.Tests.Api;

internal static class Eventually
{
    /// <summary>Polls with a deadline: the way to wait for something another thread does.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
