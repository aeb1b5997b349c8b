using System.Net;
using System.Text;

namespace Ingestion.Tests.Messaging;

/// <summary>
/// Stands in for SNS: answers each request with the next scripted response (or throws the
/// next scripted exception) and keeps what was sent, body read at send time.
/// </summary>
internal sealed class FakeSnsHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> _script = new();
    private readonly List<RecordedRequest> _requests = [];

    public IReadOnlyList<RecordedRequest> Requests => _requests;

    public FakeSnsHandler Respond(HttpStatusCode status, string xml, string? requestIdHeader = null)
    {
        _script.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };
            if (requestIdHeader is not null)
            {
                response.Headers.Add("x-amzn-RequestId", requestIdHeader);
            }

            return response;
        });
        return this;
    }

    public FakeSnsHandler Throw(Exception exception)
    {
        _script.Enqueue(() => throw exception);
        return this;
    }

    public HttpClient CreateClient() => new(this);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, body));

        // A real handler gives up on a cancelled token; recorded first so tests can count attempts.
        cancellationToken.ThrowIfCancellationRequested();

        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"No scripted response left for request {_requests.Count}: {body}");
        }

        return _script.Dequeue()();
    }
}

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string Body);
