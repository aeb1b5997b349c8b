namespace Ingestion.AppHost.Dashboard.Pages;

/// <summary>The HTML pages and their static assets.</summary>
internal static class PageEndpoints
{
    public static IEndpointRouteBuilder MapDashboardPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Results.Redirect("/resources"));
        foreach (var page in PageRenderer.Pages)
        {
            endpoints.MapGet(page.Path, (PageRenderer pages) => Html(pages.Render(page.Key, page.Title)));
        }

        endpoints.MapGet("/traces/{traceId}", (string traceId, PageRenderer pages) =>
            Html(pages.Render("trace", "Trace " + traceId, new Dictionary<string, string> { ["traceId"] = traceId })));

        endpoints.MapGet("/static/{file}", (string file, DashboardAssets assets, HttpResponse response) =>
        {
            if (assets.Read("static/" + file) is not { } bytes)
            {
                return Results.NotFound();
            }

            // Small files, loopback: always revalidate so a rebuilt AppHost never serves stale scripts.
            response.Headers.CacheControl = "no-cache";
            return Results.Bytes(bytes, DashboardAssets.ContentTypeOf(file));
        });
        return endpoints;
    }

    private static IResult Html(string html) => Results.Content(html, "text/html; charset=utf-8");
}
