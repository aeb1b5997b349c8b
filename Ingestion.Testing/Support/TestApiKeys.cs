namespace Ingestion.Tests.Support;

/// <summary>
/// The keys the tests run the API with: one per source and the admin key, each long enough for
/// the API's minimum, and all different. Producers in the tests send them like any producer.
/// </summary>
public static class TestApiKeys
{
    public static readonly string[] Principals = ["sourceA", "sourceB", "sourceC", "noise", "admin"];

    public static string For(string principal) => $"test-key-{principal}-{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(principal))}";

    /// <summary>As the API reads them: <c>ApiKeys:&lt;principal&gt;:Current</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ApiConfiguration() =>
        Principals.Select(principal => KeyValuePair.Create($"ApiKeys:{principal}:Current", (string?)For(principal)));

    /// <summary>As the AppHost takes them: its secret parameters <c>api-key-&lt;principal&gt;</c>.</summary>
    public static IEnumerable<string> AppHostArguments() =>
        Principals.Select(principal => $"--Parameters:api-key-{principal}={For(principal)}");
}

/// <summary>
/// Sends the key a well-behaved producer would: its source's for <c>/sources/{source}/…</c>, the
/// admin key for anything else (replay). A request that carries X-Api-Key already is left alone.
/// </summary>
public sealed class ApiKeyHeaders(HttpMessageHandler? inner = null) : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    public const string HeaderName = "X-Api-Key";

    public static HttpClient Client(Uri baseAddress, TimeSpan? timeout = null) =>
        new(new ApiKeyHeaders()) { BaseAddress = baseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(100) };

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Headers.Contains(HeaderName))
        {
            var segments = request.RequestUri!.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var principal = segments is ["sources", var source, ..] ? source : "admin";
            request.Headers.Add(HeaderName, TestApiKeys.For(principal));
        }

        return base.SendAsync(request, cancellationToken);
    }
}
