using Amazon.Runtime;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Messaging;

/// <summary>A hung SNS endpoint costs each attempt its own timeout, not HttpClient's 100 s, and ends as a transient failure.</summary>
public sealed class SnsTimeoutTests
{
    private static readonly SnsPublishRequest Request = new(SnsTestClients.TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d");

    // Far below what three of HttpClient's 100 s timeouts take; a hang fails the test instead of passing slowly.
    [Fact(Timeout = 30_000)]
    public async Task AHungEndpointIsRetriedPerAttemptTimeoutAndEndsUnreachable()
    {
        var handler = new HungSnsHandler();
        var client = new SnsClient(new HttpClient(handler), new SnsClientOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:4566/"),
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("test", "test"),
            AttemptTimeout = TimeSpan.FromMilliseconds(200),
            RetryBaseDelay = TimeSpan.Zero,
        });

        var error = await Assert.ThrowsAsync<SnsException>(() => client.PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(SnsException.UnreachableErrorCode, error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal(3, handler.Attempts);
    }

    [Fact]
    public void TheDefaultsLeaveRoomForEveryAttemptWithinSeconds()
    {
        var options = new SnsClientOptions();

        // Worst case: every attempt times out and every backoff is at its cap.
        var worstCase = (options.AttemptTimeout * options.MaxAttempts) + (options.MaxBackoff * (options.MaxAttempts - 1));

        Assert.InRange(worstCase, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void ANonPositiveAttemptTimeoutIsRefused(int milliseconds)
    {
        Assert.Contains(new SnsClientOptions { AttemptTimeout = TimeSpan.FromMilliseconds(milliseconds) }.Validate(), problem => problem.Contains("AttemptTimeout", StringComparison.Ordinal));
    }
}
