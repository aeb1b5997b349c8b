using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// A successful Query API answer: <c>&lt;XResponse&gt;&lt;XResult&gt;…&lt;/XResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</c>.
/// Elements are matched by local name, so a missing or different XML namespace (emulators) does not matter.
/// </summary>
internal sealed class SnsResponse
{
    private SnsResponse(XElement result, string? requestId)
    {
        Result = result;
        RequestId = requestId;
    }

    public XElement Result { get; }

    public string? RequestId { get; }

    public static SnsResponse Parse(string action, string body, HttpStatusCode statusCode, string? headerRequestId)
    {
        XElement root;
        try
        {
            root = XElement.Parse(body);
        }
        catch (XmlException ex)
        {
            throw new SnsException($"SNS {action} returned a body that is not XML.", "InvalidResponse", statusCode, ex) { RequestId = headerRequestId };
        }

        var requestId = root.Child("ResponseMetadata")?.Child("RequestId")?.Value ?? headerRequestId;
        var result = root.Child($"{action}Result") ?? new XElement($"{action}Result");
        return new SnsResponse(result, requestId);
    }

    public string RequiredText(string name) =>
        Result.Child(name)?.Value
        ?? throw new SnsException($"SNS response has no {name}.", "InvalidResponse", HttpStatusCode.OK) { RequestId = RequestId };
}

internal static class XElementExtensions
{
    public static XElement? Child(this XElement element, string localName) =>
        element.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    public static IEnumerable<XElement> ChildrenNamed(this XElement element, string localName) =>
        element.Elements().Where(e => e.Name.LocalName == localName);
}
