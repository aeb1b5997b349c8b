namespace Ingestion.AppHost.Processes;

/// <summary>Hides values of secret-looking variables wherever the environment is shown.</summary>
public static class EnvironmentMasking
{
    public const string Mask = "********";

    private static readonly string[] SecretWords = ["SECRET", "PASSWORD", "TOKEN", "KEY", "CREDENTIAL"];

    public static bool IsSecret(string name) =>
        SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase))
        // Idempotency keys and OTEL settings are not secrets, but "KEY" alone would hide them.
        && !name.StartsWith("OTEL_", StringComparison.Ordinal);

    public static IReadOnlyDictionary<string, string> Masked(IReadOnlyDictionary<string, string> environment) =>
        environment.ToDictionary(pair => pair.Key, pair => IsSecret(pair.Key) ? Mask : pair.Value);
}
