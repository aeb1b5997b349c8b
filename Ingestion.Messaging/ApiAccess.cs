namespace Ingestion.Messaging;

/// <summary>
/// The API's access contract, written once for the API, the AppHost (which makes the keys) and the
/// clients that call it: the header carrying a key, and the holder whose key opens /replay.
/// </summary>
public static class ApiAccess
{
    public const string KeyHeader = "X-Api-Key";

    /// <summary>Holds the key for POST /replay (and the API description outside Development); every other holder is a source.</summary>
    public const string AdminHolder = "admin";
}
