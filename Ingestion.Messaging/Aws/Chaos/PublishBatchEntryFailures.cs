using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Ingestion.Messaging.Sns;

namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// Fails single entries of SNS PublishBatch calls, as SNS does under load: each entry is refused with
/// <see cref="ChaosSettings.FailedEntryRate"/>'s probability while the window is open. A refused entry
/// is taken out of the request before it reaches the emulator (so it is really not published) and
/// answered in the batch's <c>Failed</c> list with SNS's throttling code; the rest are published and
/// answered as the emulator answered them. Other calls pass untouched.
/// </summary>
public sealed class PublishBatchEntryFailures(ChaosSettings settings, Func<bool> windowOpen, Random? random = null) : DelegatingHandler
{
    public const string FailureCode = "Throttled";
    private const string EntryPrefix = "PublishBatchRequestEntries.member.";

    private readonly Random _random = random ?? Random.Shared;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null || !windowOpen())
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var body = await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var form = QueryForm.Decode(body);
        if (!form.Any(field => field.Key == "Action" && field.Value == "PublishBatch"))
        {
            request.Content = Copy(body, request.Content);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var entries = form.Where(field => field.Key.StartsWith(EntryPrefix, StringComparison.Ordinal))
            .GroupBy(field => EntryNumber(field.Key))
            .OrderBy(entry => entry.Key)
            .ToList();
        var refused = entries.Where(_ => _random.NextDouble() < settings.FailedEntryRate).ToList();
        if (refused.Count == 0)
        {
            request.Content = Copy(body, request.Content);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var refusedIds = refused.Select(entry => entry.Single(field => field.Key.EndsWith(".Id", StringComparison.Ordinal)).Value).ToList();
        if (refused.Count == entries.Count)
        {
            // Nothing left to publish: SNS answers the call itself, every entry failed.
            return WithFailures(EmptyAnswer(), refusedIds);
        }

        // The entries kept, numbered from 1 again as the Query API requires.
        var kept = entries.Except(refused).SelectMany((entry, index) => entry.Select(field =>
            KeyValuePair.Create($"{EntryPrefix}{index + 1}{field.Key[(EntryPrefix.Length + entry.Key.ToString(CultureInfo.InvariantCulture).Length)..]}", field.Value)));
        var others = form.Where(field => !field.Key.StartsWith(EntryPrefix, StringComparison.Ordinal));
        request.Content = Copy(QueryForm.Encode([.. others, .. kept]), request.Content);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return response;
        }

        var answer = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var failed = WithFailures(answer, refusedIds);
        failed.Headers.Clear();
        foreach (var header in response.Headers)
        {
            failed.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Dispose();
        return failed;
    }

    private static HttpResponseMessage WithFailures(XDocument answer, IReadOnlyList<string> ids)
    {
        var result = answer.Descendants().First(element => element.Name.LocalName == "PublishBatchResult");
        var ns = result.Name.Namespace;
        var failed = result.Elements().FirstOrDefault(element => element.Name.LocalName == "Failed");
        if (failed is null)
        {
            failed = new XElement(ns + "Failed");
            result.Add(failed);
        }

        foreach (var id in ids)
        {
            failed.Add(new XElement(ns + "member",
                new XElement(ns + "Id", id),
                new XElement(ns + "Code", FailureCode),
                new XElement(ns + "Message", "Rate exceeded (injected)"),
                new XElement(ns + "SenderFault", "false")));
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(answer.ToString(SaveOptions.DisableFormatting), Encoding.UTF8) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        return response;
    }

    private static XDocument EmptyAnswer()
    {
        XNamespace ns = "http://sns.amazonaws.com/doc/2010-03-31/";
        return new XDocument(new XElement(ns + "PublishBatchResponse",
            new XElement(ns + "PublishBatchResult", new XElement(ns + "Successful"), new XElement(ns + "Failed")),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", Guid.NewGuid().ToString()))));
    }

    private static int EntryNumber(string key)
    {
        var rest = key.AsSpan(EntryPrefix.Length);
        return int.Parse(rest[..rest.IndexOf('.')], CultureInfo.InvariantCulture);
    }

    private static ByteArrayContent Copy(string body, HttpContent original)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        foreach (var header in original.Headers.Where(header => header.Key != "Content-Length"))
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return content;
    }
}
