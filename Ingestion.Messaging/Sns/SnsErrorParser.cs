using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// Turns a non-2xx answer into an <see cref="SnsException"/>:
/// <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;&lt;/ErrorResponse&gt;</c>,
/// or a code derived from the status when the body is not that (a proxy's page, an emulator crash).
/// </summary>
internal static class SnsErrorParser
{
    public static SnsException Parse(string action, HttpStatusCode statusCode, string body, string? headerRequestId)
    {
        XElement? error = null;
        string? requestId = headerRequestId;
        try
        {
            var root = XElement.Parse(body);
            error = root.Name.LocalName == "Error" ? root : root.Child("Error");
            requestId = root.Child("RequestId")?.Value ?? requestId;
        }
        catch (XmlException)
        {
            // Not XML: fall through to the status-derived code.
        }

        var code = error?.Child("Code")?.Value is { Length: > 0 } parsed ? parsed : CodeForStatus(statusCode);
        var message = error?.Child("Message")?.Value;
        var text = message is { Length: > 0 }
            ? $"SNS {action} failed with {code} ({(int)statusCode}): {message}"
            : $"SNS {action} failed with {code} ({(int)statusCode}).";
        return new SnsException(text, code, statusCode) { RequestId = requestId };
    }

    private static string CodeForStatus(HttpStatusCode statusCode) => statusCode switch
    {
        HttpStatusCode.TooManyRequests => "Throttling",
        HttpStatusCode.InternalServerError => "InternalFailure",
        HttpStatusCode.BadGateway => "BadGateway",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        HttpStatusCode.GatewayTimeout => "GatewayTimeout",
        HttpStatusCode.Forbidden => "AccessDenied",
        HttpStatusCode.NotFound => "NotFound",
        _ => $"Http{(int)statusCode}",
    };
}
