using System.Net;
using System.Text;

namespace Ingestion.Tests.Api;

/// <summary>What the tests of keys kept in Secrets Manager send: a key per principal and generation (a rotation), and a post made with one.</summary>
internal static class StoredKeys
{
    public static string Key(string principal, int generation) => $"secret-key-{principal}-generation-{generation}-0123456789";

    public static async Task<HttpStatusCode> PostAsync(HttpClient http, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/sourceB/events") { Content = new StringContent(SampleEvents.Contract(), Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", key);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
