using System.Security.Cryptography;
using System.Text;

namespace Ingestion.AppHost.Dashboard.Login;

/// <summary>
/// Who may see the dashboard: whoever holds the token the AppHost printed (as a cookie after
/// <c>/login?t=…</c>, or as <c>Authorization: Bearer …</c> for scripts), or anyone when unsecured.
/// </summary>
public sealed class DashboardLogin(string token, bool unsecured)
{
    public const string CookieName = "ingestion_dashboard";

    public string Token { get; } = token;

    public bool Unsecured { get; } = unsecured;

    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public bool IsValid(string? candidate) =>
        candidate is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(Token));

    public bool IsSignedIn(HttpRequest request)
    {
        if (Unsecured || IsValid(request.Cookies[CookieName]))
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && IsValid(authorization["Bearer ".Length..].Trim());
    }

    public void SignIn(HttpResponse response) =>
        response.Cookies.Append(CookieName, Token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(7),
        });
}
