using System.Net;
using Ingestion.Messaging.Sns;
using static Ingestion.Tests.Messaging.SnsTestClients;

namespace Ingestion.Tests.Messaging;

public sealed class SnsRetryTests
{
    private static readonly SnsPublishRequest Request = new(TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d");

    private readonly FakeSnsHandler _handler = new();

    [Fact]
    public async Task ServiceUnavailableIsRetriedUntilItSucceeds()
    {
        _handler
            .Respond(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "try later", "Receiver"))
            .Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>m-1</MessageId>"));

        var messageId = await Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal("m-1", messageId);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal(_handler.Requests[0].Body, _handler.Requests[1].Body);
    }

    [Fact]
    public async Task ThrottlingIsRetriedEvenThoughItIsA400()
    {
        _handler
            .Respond(HttpStatusCode.BadRequest, Error("Throttling", "Rate exceeded"))
            .Respond(HttpStatusCode.BadRequest, Error("Throttled", "Rate exceeded"))
            .Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>m-1</MessageId>"));

        var messageId = await Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken);

        Assert.Equal("m-1", messageId);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task ClientErrorIsNotRetried()
    {
        _handler.Respond(HttpStatusCode.BadRequest, Error("InvalidParameter", "Invalid parameter: MessageGroupId"));

        var error = await Assert.ThrowsAsync<SnsException>(() => Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal("InvalidParameter", error.ErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task GivesUpAfterMaxAttemptsWithTheLastError()
    {
        _handler
            .Respond(HttpStatusCode.InternalServerError, Error("InternalError", "one", "Receiver"))
            .Respond(HttpStatusCode.BadGateway, "bad gateway")
            .Respond(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "three", "Receiver"))
            .Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>never reached</MessageId>"));

        var error = await Assert.ThrowsAsync<SnsException>(() => Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.True(error.IsTransient);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task MaxAttemptsOfOneMeansNoRetry()
    {
        _handler.Respond(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "busy", "Receiver"));

        await Assert.ThrowsAsync<SnsException>(() =>
            Create(_handler, o => o.MaxAttempts = 1).PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task ConnectionFailureIsReportedAsUnreachableAfterRetries()
    {
        _handler
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:4566)"))
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:4566)"))
            .Throw(new HttpRequestException("Connection refused (127.0.0.1:4566)"));

        var error = await Assert.ThrowsAsync<SnsException>(() => Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(SnsException.UnreachableErrorCode, error.ErrorCode);
        Assert.Null(error.StatusCode);
        Assert.True(error.IsTransient);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task ConnectionFailureThenSuccessSucceeds()
    {
        _handler
            .Throw(new HttpRequestException("Connection reset"))
            .Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>m-2</MessageId>"));

        Assert.Equal("m-2", await Create(_handler).PublishAsync(Request, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task HttpClientTimeoutIsReportedAsUnreachable()
    {
        _handler.Throw(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()));

        var error = await Assert.ThrowsAsync<SnsException>(() =>
            Create(_handler, o => o.MaxAttempts = 1).PublishAsync(Request, TestContext.Current.CancellationToken));

        Assert.Equal(SnsException.UnreachableErrorCode, error.ErrorCode);
    }

    [Fact]
    public async Task CallerCancellationIsNotRetriedNorTranslated()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Create(_handler).PublishAsync(Request, cancellation.Token));
        Assert.Single(_handler.Requests);
    }
}
