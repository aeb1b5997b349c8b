using System.Net;
using System.Text;

namespace Ingestion.AppHost.Dashboard.Pages;

/// <summary>
/// Server-side page rendering: the shared layout (navigation marks the current page) around one
/// page's HTML fragment. Each page's own script then fills it from the JSON API and keeps it live.
/// </summary>
internal sealed class PageRenderer(DashboardAssets assets)
{
    public static readonly IReadOnlyList<DashboardPage> Pages =
    [
        new("resources", "Resources", "/resources"),
        new("console", "Console", "/console"),
        new("logs", "Structured logs", "/logs"),
        new("traces", "Traces", "/traces"),
        new("metrics", "Metrics", "/metrics"),
        new("journey", "Event journey", "/journey"),
        new("queues", "Queues", "/queues"),
    ];

    public string Render(string page, string title, IReadOnlyDictionary<string, string>? values = null)
    {
        var content = assets.ReadText($"pages/{page}.html");
        foreach (var (key, value) in values ?? new Dictionary<string, string>())
        {
            content = content.Replace("{{" + key + "}}", WebUtility.HtmlEncode(value), StringComparison.Ordinal);
        }

        var active = page == "trace" ? "traces" : page;
        return assets.ReadText("layout.html")
            .Replace("{{title}}", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("{{page}}", page, StringComparison.Ordinal)
            .Replace("{{nav}}", Navigation(active), StringComparison.Ordinal)
            .Replace("{{content}}", content, StringComparison.Ordinal);
    }

    public string RenderLogin(string error, string returnUrl) =>
        assets.ReadText("login.html")
            .Replace("{{error}}", WebUtility.HtmlEncode(error), StringComparison.Ordinal)
            .Replace("{{errorHidden}}", error.Length == 0 ? "hidden" : "", StringComparison.Ordinal)
            .Replace("{{returnUrl}}", WebUtility.HtmlEncode(returnUrl), StringComparison.Ordinal);

    private static string Navigation(string active)
    {
        var html = new StringBuilder();
        foreach (var page in Pages)
        {
            var current = page.Key == active ? " aria-current=\"page\" class=\"active\"" : "";
            html.Append("<a href=\"").Append(page.Path).Append('"').Append(current).Append('>')
                .Append("<span class=\"icon icon-").Append(page.Key).Append("\" aria-hidden=\"true\"></span>")
                .Append("<span>").Append(page.Title).Append("</span></a>");
        }

        return html.ToString();
    }
}

internal sealed record DashboardPage(string Key, string Title, string Path);
