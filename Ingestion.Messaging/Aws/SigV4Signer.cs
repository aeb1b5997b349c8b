using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace Ingestion.Messaging.Aws;

/// <summary>
/// AWS Signature Version 4, header form, for services that take the request as-is (every
/// service but S3, whose path rules differ). Written here rather than taken from the SDK
/// because the SDK's signer always adds and signs x-amz-content-sha256, which the published
/// test vectors do not, so ours can be checked against them byte for byte.
/// </summary>
internal static class SigV4Signer
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <param name="headers">Headers to sign besides host, x-amz-date and the session token, which are added here.</param>
    public static SigV4Result Sign(
        HttpMethod method,
        Uri uri,
        IReadOnlyDictionary<string, string> headers,
        ReadOnlySpan<byte> payload,
        ImmutableCredentials credentials,
        string region,
        string service,
        DateTimeOffset signedAt)
    {
        var amzDate = signedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var securityToken = credentials.UseToken ? credentials.Token : null;

        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            signed[name.ToLowerInvariant()] = CanonicalHeaderValue(value);
        }

        signed["host"] = uri.Authority;
        signed["x-amz-date"] = amzDate;
        if (securityToken is not null)
        {
            signed["x-amz-security-token"] = securityToken;
        }

        var signedHeaderNames = string.Join(';', signed.Keys);
        var canonicalRequest = string.Join('\n',
            method.Method.ToUpperInvariant(),
            CanonicalPath(uri),
            CanonicalQuery(uri),
            string.Concat(signed.Select(h => $"{h.Key}:{h.Value}\n")),
            signedHeaderNames,
            Hex(SHA256.HashData(payload)));

        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n',
            Algorithm,
            amzDate,
            scope,
            Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var signingKey = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date);
        signingKey = Hmac(signingKey, region);
        signingKey = Hmac(signingKey, service);
        signingKey = Hmac(signingKey, "aws4_request");
        var signature = Hex(Hmac(signingKey, stringToSign));

        var authorization = $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaderNames}, Signature={signature}";
        return new SigV4Result(authorization, amzDate, securityToken, canonicalRequest, stringToSign);
    }

    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        if (path.Length == 0)
        {
            return "/";
        }

        return string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.UnescapeDataString(segment))));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0)
        {
            return "";
        }

        var pairs = query
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var separator = pair.IndexOf('=');
                var name = separator < 0 ? pair : pair[..separator];
                var value = separator < 0 ? "" : pair[(separator + 1)..];
                return (Name: Encode(name), Value: Encode(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));

        // The query arrives form-encoded ('+' is a space); SigV4 wants RFC 3986 (%20).
        static string Encode(string raw) => Uri.EscapeDataString(Uri.UnescapeDataString(raw.Replace('+', ' ')));
    }

    private static string CanonicalHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousWasSpace = false;
        foreach (var c in value.Trim())
        {
            var isSpace = c == ' ';
            if (!(isSpace && previousWasSpace))
            {
                builder.Append(c);
            }

            previousWasSpace = isSpace;
        }

        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

/// <summary>The headers to add to the request; the intermediate strings are kept for diagnosing a SignatureDoesNotMatch.</summary>
internal sealed record SigV4Result(
    string Authorization,
    string AmzDate,
    string? SecurityToken,
    string CanonicalRequest,
    string StringToSign)
{
    /// <summary>Adds the signature's headers to the request it was computed for, verbatim (as signed).</summary>
    public void AddTo(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", AmzDate);
        if (SecurityToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", SecurityToken);
        }
    }
}
