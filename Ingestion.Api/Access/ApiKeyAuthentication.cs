using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Ingestion.Messaging;

namespace Ingestion.Api.Access;

/// <summary>
/// The <c>X-Api-Key</c> scheme: a request either carries one valid key, and its principal is the
/// key's holder (a source, or admin), or it is anonymous. Challenges and refusals are
/// problem+json, worded for the producer; they name the header, never the key sent.
/// </summary>
internal sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRing keys,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>The claim holding whom the key belongs to: a source name or <see cref="ApiAccess.AdminHolder"/>.</summary>
    public const string HolderClaim = "ingestion:key_holder";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[ApiAccess.KeyHeader];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // The failure messages reach the framework's log: they describe, never repeat, what was sent.
        if (presented.Count > 1)
        {
            return Task.FromResult(AuthenticateResult.Fail("more than one X-Api-Key header"));
        }

        if (keys.Identify(presented[0]!) is not { } holder)
        {
            return Task.FromResult(AuthenticateResult.Fail("the X-Api-Key header holds no valid key"));
        }

        var identity = new ClaimsIdentity([new Claim(HolderClaim, holder)], SchemeName, HolderClaim, roleType: null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{ApiAccess.KeyHeader}\"";
        await WriteAsync(StatusCodes.Status401Unauthorized,
            result.None ? "API key required" : "API key not valid",
            result.None
                ? $"Send your key in the {ApiAccess.KeyHeader} header: each source has its own, and /replay takes the admin key."
                : $"Refused: {result.Failure?.Message}. Keys are per source; ask whoever runs the API for yours.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var source = Context.GetRouteValue("source") as string;
        return WriteAsync(StatusCodes.Status403Forbidden,
            "Key not allowed here",
            source is not null
                ? $"The key is valid, but not '{source}''s: a source's key sends events for that source only."
                : "The key is valid, but this needs the admin key.");
    }

    private async Task WriteAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
