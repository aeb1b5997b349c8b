using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;
using Ingestion.Messaging;

namespace Ingestion.Api.Access;

/// <summary>
/// The valid API keys and whom each belongs to: a source name, or <see cref="ApiAccess.AdminHolder"/>.
/// Read from configuration <c>ApiKeys:&lt;principal&gt;:Current</c> and <c>:Previous</c> (two keys at
/// a time, so a producer can move to a new key before the old one stops working), and read again
/// when the configuration reloads (the Secrets Manager source refreshes itself).
/// Only SHA-256 hashes of the keys are kept; a presented key is hashed and compared against every
/// entry with <see cref="CryptographicOperations.FixedTimeEquals"/>, with no early exit, so the
/// time taken says nothing about how close a guess was.
/// </summary>
public sealed class ApiKeyRing : IDisposable
{
    public const string SectionName = "ApiKeys";

    /// <summary>Shorter keys are refused at start: a guessable key is no key.</summary>
    public const int MinimumKeyLength = 20;

    /// <summary>Longer headers are not hashed: no key is this long, and hashing megabytes is a free CPU burn.</summary>
    private const int MaximumKeyLength = 512;

    private static readonly string[] Slots = ["Current", "Previous"];

    private readonly IConfigurationSection _section;
    private readonly IDisposable _reloadSubscription;
    private volatile KeyEntry[] _entries = [];

    public ApiKeyRing(IConfiguration configuration)
    {
        _section = configuration.GetSection(SectionName);
        Load();
        _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, Load);
    }

    /// <summary>Who holds <paramref name="presentedKey"/>, or null when it is no valid key.</summary>
    public string? Identify(string presentedKey)
    {
        if (presentedKey.Length is 0 or > MaximumKeyLength)
        {
            return null;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey), presented);
        string? holder = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Hash))
            {
                holder ??= entry.Principal;
            }
        }

        return holder;
    }

    /// <summary>
    /// Fails the start when a principal has no key, a key is too short, or two principals share a
    /// key: without this the API would run with a source nobody can send as, or one key opening two
    /// doors. The message names principals, never key values.
    /// </summary>
    public void EnsureKeysFor(IEnumerable<string> principals)
    {
        var problems = new List<string>();
        var configured = ReadKeys().ToList();
        foreach (var principal in principals)
        {
            if (!configured.Any(key => key.Principal == principal))
            {
                problems.Add($"no key for '{principal}' (set {SectionName}:{principal}:Current; the AppHost passes its parameter api-key-{principal})");
            }
        }

        problems.AddRange(configured
            .Where(key => key.Value.Length < MinimumKeyLength)
            .Select(key => $"the {key.Slot} key of '{key.Principal}' is shorter than {MinimumKeyLength} characters"));
        problems.AddRange(configured
            .GroupBy(key => key.Value, StringComparer.Ordinal)
            .Where(group => group.Select(key => key.Principal).Distinct().Count() > 1)
            .Select(group => $"'{string.Join("' and '", group.Select(key => key.Principal).Distinct())}' share a key"));

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The API keys are not usable: " + string.Join("; ", problems) + ".");
        }
    }

    public void Dispose() => _reloadSubscription.Dispose();

    private void Load() => _entries = ReadKeys()
        .Where(key => key.Value.Length >= MinimumKeyLength)
        .Select(key => new KeyEntry(key.Principal, SHA256.HashData(Encoding.UTF8.GetBytes(key.Value))))
        .ToArray();

    private IEnumerable<ConfiguredKey> ReadKeys() =>
        from principal in _section.GetChildren()
        from slot in Slots
        let value = principal[slot]
        where !string.IsNullOrEmpty(value)
        select new ConfiguredKey(principal.Key, slot, value);

    private sealed record KeyEntry(string Principal, byte[] Hash);

    private sealed record ConfiguredKey(string Principal, string Slot, string Value);
}
