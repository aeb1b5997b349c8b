using System.Diagnostics;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Ingestion.Messaging.Aws;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// Sends one Query API request: signs it, posts it, retries what may succeed later, and
/// turns every failure into an <see cref="SnsException"/> (except the caller's cancellation).
/// </summary>
internal sealed class SnsQueryTransport(
    HttpClient httpClient,
    SnsEndpoint endpoint,
    SnsClientOptions options,
    TimeProvider timeProvider)
{
    // Signed as sent: HttpClient writes a header added without validation verbatim.
    internal const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly RetryBackoff _backoff = new(options.RetryBaseDelay, options.MaxBackoff);
    private readonly Lazy<Amazon.Runtime.AWSCredentials?> _environmentCredentials = new(() => EnvironmentCredentials.From(Environment.GetEnvironmentVariable));

    public async Task<SnsResponse> SendAsync(QueryForm form, Activity? activity, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(form.Encode());
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(form.Action, body, cancellationToken).ConfigureAwait(false);
            }
            catch (SnsException ex) when (ex.IsTransient && attempt < options.MaxAttempts)
            {
                var delay = _backoff.DelayBefore(attempt);
                SnsTelemetry.RecordRetry(activity, attempt + 1, ex, delay);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<SnsResponse> SendOnceAsync(string action, byte[] body, CancellationToken cancellationToken)
    {
        // Signed per attempt: the signature carries the time, and credentials may have been refreshed.
        ImmutableCredentials credentials;
        try
        {
            credentials = await ResolveCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or TimeoutException)
        {
            // The chain's sources (instance metadata, SSO, a container endpoint) can be slow or briefly down: retryable, not a refusal.
            throw new SnsException($"SNS {action}: no AWS credentials could be resolved: {ex.Message}", SnsException.CredentialsUnavailableErrorCode, null, ex);
        }

        var signature = SigV4Signer.Sign(
            HttpMethod.Post,
            endpoint.Url,
            new Dictionary<string, string> { ["content-type"] = ContentType },
            body,
            credentials,
            endpoint.Region,
            SnsEndpoint.SigningService,
            timeProvider.GetUtcNow());

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        signature.AddTo(request);

        // Our own timeout per attempt, so a hung endpoint costs one attempt, not HttpClient's 100 s.
        using var attemptTimeout = new CancellationTokenSource(options.AttemptTimeout, timeProvider);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, attemptTimeout.Token);
        try
        {
            using var response = await httpClient.SendAsync(request, attempt.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false);
            var headerRequestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode)
            {
                throw SnsErrorParser.Parse(action, response.StatusCode, text, headerRequestId);
            }

            return SnsResponse.Parse(action, text, response.StatusCode, headerRequestId);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(action, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Our attempt timeout or HttpClient.Timeout, not the caller: the service did not answer in time.
            throw Unreachable(action, attemptTimeout.IsCancellationRequested
                ? new TimeoutException($"no answer within {options.AttemptTimeout.TotalSeconds:0.###} s", ex)
                : ex);
        }
    }

    private async Task<ImmutableCredentials> ResolveCredentialsAsync()
    {
        // The environment's keys are read once; the default resolver caches the other sources it finds.
        var credentials = options.Credentials
            ?? _environmentCredentials.Value
            ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false);
        return await credentials.GetCredentialsAsync().ConfigureAwait(false);
    }

    private SnsException Unreachable(string action, Exception inner) =>
        new($"SNS {action} at {endpoint.Url} got no answer: {inner.Message}", SnsException.UnreachableErrorCode, null, inner);
}
