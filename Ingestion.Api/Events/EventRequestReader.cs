using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Ingestion.Api.Events;

/// <summary>
/// Turns the raw request into a JSON document, or into the problem that says why not:
/// 415 for anything but JSON, 413 beyond the size limit, 400 for JSON that does not parse.
/// We read the body ourselves so that each of these is problem+json, not the framework's empty 400.
/// </summary>
public static class EventRequestReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false };

    public static async Task<(JsonDocument? Document, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsUtf8Json(request.ContentType))
        {
            return (null, ApiProblems.UnsupportedMediaType(request.ContentType));
        }

        if (request.ContentLength > IngestionLimits.MaxRequestBytes)
        {
            return (null, ApiProblems.PayloadTooLarge());
        }

        var body = await ReadBoundedAsync(request.Body, request.ContentLength, cancellationToken);
        if (body is null)
        {
            return (null, ApiProblems.PayloadTooLarge());
        }

        try
        {
            return (JsonDocument.Parse(body.Value, DocumentOptions), null);
        }
        catch (JsonException exception)
        {
            return (null, ApiProblems.MalformedJson(exception.Message));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-name check reads names as text and throws on one that is not valid
            // Unicode. Parsed without that check, the validator names the object that holds it.
            return (JsonDocument.Parse(body.Value), null);
        }
    }

    private static bool IsUtf8Json(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.Type.Equals("application", StringComparison.OrdinalIgnoreCase)
                && mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
        var charset = mediaType.Charset;
        return isJson && (charset.Length == 0 || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Null when the body is longer than the limit (a chunked body has no Content-Length to check first).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream((int)(contentLength ?? 16 * 1024));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (content.Length + read > IngestionLimits.MaxRequestBytes)
            {
                return null;
            }

            content.Write(chunk, 0, read);
        }

        return content.GetBuffer().AsMemory(0, (int)content.Length);
    }
}
