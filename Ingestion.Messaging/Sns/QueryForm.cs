using System.Text;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// The body of one Query API request: Action and Version first, then the parameters in the
/// order they were added, so a request encodes to the same bytes every time (and tests can
/// compare bodies exactly).
/// </summary>
internal sealed class QueryForm
{
    public const string ApiVersion = "2010-03-31";

    private readonly List<KeyValuePair<string, string>> _parameters = [];

    public QueryForm(string action)
    {
        Action = action;
        Add("Action", action);
        Add("Version", ApiVersion);
    }

    public string Action { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters => _parameters;

    public QueryForm Add(string name, string value)
    {
        _parameters.Add(new(name, value));
        return this;
    }

    public QueryForm AddIfPresent(string name, string? value) => value is null ? this : Add(name, value);

    /// <summary>RFC 3986 percent-encoding (space as %20), as the AWS SDKs send Query requests.</summary>
    public string Encode() => Encode(_parameters);

    /// <inheritdoc cref="Encode()"/>
    public static string Encode(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (builder.Length > 0)
            {
                builder.Append('&');
            }

            builder.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }

    /// <summary>A Query request's body back into its parameters, in order (a '+' read as a space, as form encoding allows).</summary>
    public static List<KeyValuePair<string, string>> Decode(string body) =>
        [.. body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            return separator < 0
                ? KeyValuePair.Create(Unescape(pair), "")
                : KeyValuePair.Create(Unescape(pair[..separator]), Unescape(pair[(separator + 1)..]));
        })];

    private static string Unescape(string encoded) => Uri.UnescapeDataString(encoded.Replace('+', ' '));
}
