namespace Ingestion.Api.Sources;

/// <summary>
/// Every field error of one request, keyed by the field's path (e.g. <c>[2].body.contract_id</c>).
/// At most <see cref="MaxListed"/> messages are kept; the rest are only counted, so a body of
/// thousands of bad values answers a bounded problem+json rather than one many times its size.
/// </summary>
public sealed class ValidationErrors
{
    /// <summary>Messages listed in a problem; enough to fix a request, small enough to read and send.</summary>
    public const int MaxListed = 100;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _listed;

    public bool IsEmpty => Count == 0;

    /// <summary>The number of messages (a field may have several), listed or not.</summary>
    public int Count { get; private set; }

    /// <summary>Messages counted but not listed, past <see cref="MaxListed"/>.</summary>
    public int NotListed => Count - _listed;

    public void Add(string path, string message)
    {
        Count++;
        if (_listed == MaxListed)
        {
            return;
        }

        if (!_errors.TryGetValue(path, out var messages))
        {
            _errors[path] = messages = [];
        }

        messages.Add(message);
        _listed++;
    }

    public Dictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
