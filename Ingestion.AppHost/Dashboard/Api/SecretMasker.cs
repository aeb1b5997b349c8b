namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// The supervisor masks secrets already; this is the dashboard's own belt to those braces,
/// because the environment page is the one place a leaked key would be shown on screen.
/// </summary>
internal static class SecretMasker
{
    public const string MaskText = "••••••";

    private static readonly string[] SecretWords = ["SECRET", "PASSWORD", "TOKEN", "APIKEY", "API_KEY", "CREDENTIAL", "SESSION", "HEADERS", "CONNECTIONSTRING", "ACCESS_KEY"];

    public static IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string> environment) =>
        environment
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .ToDictionary(pair => pair.Key, pair => IsSecret(pair.Key) && pair.Value.Length > 0 && pair.Value != MaskText ? MaskText : pair.Value);

    public static bool IsSecret(string key)
    {
        var upper = key.ToUpperInvariant();
        return SecretWords.Any(word => upper.Contains(word, StringComparison.Ordinal));
    }
}
