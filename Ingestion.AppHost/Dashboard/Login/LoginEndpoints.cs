using Ingestion.AppHost.Dashboard.Pages;

namespace Ingestion.AppHost.Dashboard.Login;

/// <summary>
/// <c>GET /login?t=token</c> signs in and redirects; without a valid token it shows a form.
/// Every other page redirects to it, and every API call answers 401, until signed in.
/// </summary>
internal static class LoginEndpoints
{
    public static IApplicationBuilder UseDashboardLogin(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            // Loopback names only: a page elsewhere that re-points its own host name at 127.0.0.1
            // (DNS rebinding) must not reach the dashboard, least of all an unsecured one.
            if (!IsLoopbackHost(context.Request.Host.Host))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var login = context.RequestServices.GetRequiredService<DashboardLogin>();
            var path = context.Request.Path;
            if (login.IsSignedIn(context.Request) || path.StartsWithSegments("/login") || path.StartsWithSegments("/static") || path == "/favicon.ico")
            {
                await next(context);
                return;
            }

            if (path.StartsWithSegments("/api"))
            {
                await Results.Problem(
                    title: "Sign in first",
                    detail: "Open the login URL the AppHost printed, or send Authorization: Bearer <token>.",
                    statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
                return;
            }

            var returnUrl = Uri.EscapeDataString(context.Request.Path + context.Request.QueryString);
            context.Response.Redirect($"/login?returnUrl={returnUrl}");
        });

    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", (HttpContext context, string? t, string? returnUrl, DashboardLogin login, PageRenderer pages) =>
        {
            var target = IsLocal(returnUrl) ? returnUrl! : "/";
            if (login.Unsecured || (t is null && login.IsSignedIn(context.Request)))
            {
                return Results.Redirect(target);
            }

            if (login.IsValid(t))
            {
                login.SignIn(context.Response);
                return Results.Redirect(target);
            }

            var error = t is null ? "" : "That token is not valid. Use the login URL the AppHost printed at start.";
            return Results.Content(pages.RenderLogin(error, target), "text/html; charset=utf-8", statusCode: t is null ? 200 : 401);
        });
        return endpoints;
    }

    private static bool IsLoopbackHost(string host) =>
        host is "127.0.0.1" or "[::1]" or "::1" || host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    // Only paths on this site: no "//host" or "/\host" tricks that browsers read as another origin.
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
