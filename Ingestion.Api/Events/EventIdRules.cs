using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <summary>
/// An event_id becomes the SNS MessageDeduplicationId, so it must be one: 1 to 128 characters
/// of printable ASCII (letters, digits, punctuation), no spaces.
/// </summary>
public static class EventIdRules
{
    public static string? Problem(string eventId) => eventId switch
    {
        "" => "must not be empty",
        { Length: > IngestionLimits.MaxEventIdLength } => $"must be at most {IngestionLimits.MaxEventIdLength} characters",
        _ when !eventId.All(EntityBody.IsVisibleAscii) => "may contain only printable ASCII letters, digits and punctuation (the SNS deduplication id alphabet)",
        _ => null,
    };

    public static string NewEventId() => Guid.CreateVersion7().ToString();

    /// <summary>
    /// A name-based UUID (RFC 9562 version 5, SHA-1) of an immutable entity's identity: the same
    /// reading sent twice without an event_id gets the same event_id, so SNS and every worker see one event.
    /// </summary>
    public static string FromIdentity(string identity)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(identity);
        var input = new byte[IdentityNamespace.Length + name.Length];
        IdentityNamespace.CopyTo(input, 0);
        name.CopyTo(input, IdentityNamespace.Length);
#pragma warning disable CA5350 // RFC 9562 defines version 5 on SHA-1; it names, it does not protect.
        var hash = System.Security.Cryptography.SHA1.HashData(input);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }

    /// <summary>This project's namespace for name-based event ids (a fixed, random UUID, in network order).</summary>
    private static readonly byte[] IdentityNamespace = Guid.Parse("5b6a1f0e-3c2d-4e8f-9a71-2f4c8d0b6e13").ToByteArray(bigEndian: true);
}
