using Microsoft.AspNetCore.Authorization;
using Ingestion.Messaging;

namespace Ingestion.Api.Access;

/// <summary>
/// Who may call what: a source's key sends that source's events; the admin key replays and reads
/// the API's description outside Development. Nothing else is open but the health probes.
/// </summary>
public static class AccessPolicies
{
    /// <summary>The key's holder is the <c>{source}</c> of the route.</summary>
    public const string SourceKey = "source-key";

    public const string AdminKey = "admin-key";

    internal static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(SourceKey, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context =>
                context.Resource is HttpContext http
                && http.GetRouteValue("source") is string source
                && context.User.HasClaim(ApiKeyAuthentication.HolderClaim, source)));
        options.AddPolicy(AdminKey, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
            .RequireClaim(ApiKeyAuthentication.HolderClaim, ApiAccess.AdminHolder));
    }
}
