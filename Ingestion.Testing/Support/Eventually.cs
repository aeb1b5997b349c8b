namespace Ingestion.Tests.Support;

/// <summary>Polls with a deadline instead of sleeping: the test waits exactly as long as the system needs.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan timeout, string what, CancellationToken cancellationToken = default) =>
        GetAsync(async () => await probe() ? string.Empty : null, timeout, what, cancellationToken);

    /// <summary>For a condition another thread of this process makes true (no I/O to wait on).</summary>
    public static Task TrueAsync(Func<bool> condition, string what, int timeoutSeconds = 10) =>
        TrueAsync(() => Task.FromResult(condition()), TimeSpan.FromSeconds(timeoutSeconds), what, TestContext.Current.CancellationToken);
}
