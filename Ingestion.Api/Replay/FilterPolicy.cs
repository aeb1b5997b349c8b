using System.Globalization;
using System.Text.Json;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Replay;

/// <summary>
/// An SNS subscription filter policy on message attributes, evaluated as SNS would, for a replay
/// sent straight to one subscriber queue: only what the subscription would have let through goes
/// in. Supports exact strings and numbers, numeric ranges, prefix, exists and anything-but; a
/// policy with anything else is refused when parsed, so a replay never guesses.
/// </summary>
public sealed class FilterPolicy
{
    private readonly List<(string Attribute, JsonElement[] Conditions)> _rules;

    private FilterPolicy(List<(string, JsonElement[])> rules) => _rules = rules;

    /// <summary>No policy: everything matches.</summary>
    public static FilterPolicy Any { get; } = new([]);

    /// <exception cref="NotSupportedException">The policy uses what this evaluator does not know.</exception>
    public static FilterPolicy Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return Any;
        }

        using var document = JsonDocument.Parse(json);
        var rules = new List<(string, JsonElement[])>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                throw new NotSupportedException($"filter on '{property.Name}' is not a list of conditions (nested policies are not supported)");
            }

            var conditions = property.Value.EnumerateArray().Select(condition => condition.Clone()).ToArray();
            foreach (var condition in conditions.Where(condition => condition.ValueKind == JsonValueKind.Object))
            {
                var name = condition.EnumerateObject().Single().Name;
                if (name is not ("numeric" or "prefix" or "exists" or "anything-but"))
                {
                    throw new NotSupportedException($"filter operator '{name}' on '{property.Name}'");
                }
            }

            rules.Add((property.Name, conditions));
        }

        return new FilterPolicy(rules);
    }

    /// <summary>Every attribute named in the policy must satisfy one of its conditions (AND across names, OR within).</summary>
    public bool Matches(IReadOnlyDictionary<string, SnsMessageAttribute> attributes) =>
        _rules.All(rule => rule.Conditions.Any(condition => Satisfies(condition, attributes.GetValueOrDefault(rule.Attribute))));

    private static bool Satisfies(JsonElement condition, SnsMessageAttribute? attribute) => condition.ValueKind switch
    {
        JsonValueKind.String => attribute is { DataType: "String" } && attribute.Value == condition.GetString(),
        JsonValueKind.Number => attribute is { DataType: "Number" } && Number(attribute.Value) == condition.GetDouble(),
        JsonValueKind.Object => condition.EnumerateObject().Single() switch
        {
            { Name: "exists" } exists => exists.Value.GetBoolean() == attribute is not null,
            { Name: "prefix" } prefix => attribute is { DataType: "String" } && attribute.Value.StartsWith(prefix.Value.GetString()!, StringComparison.Ordinal),
            { Name: "numeric" } numeric => attribute is { DataType: "Number" } && InRange(Number(attribute.Value), numeric.Value),
            { Name: "anything-but" } anythingBut => attribute is not null && !AnyOf(anythingBut.Value).Any(excluded => Satisfies(excluded, attribute)),
            _ => false,
        },
        _ => false,
    };

    private static IEnumerable<JsonElement> AnyOf(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];

    private static bool InRange(double value, JsonElement comparisons)
    {
        var items = comparisons.EnumerateArray().ToArray();
        for (var index = 0; index + 1 < items.Length; index += 2)
        {
            var bound = items[index + 1].GetDouble();
            var holds = items[index].GetString() switch
            {
                "=" => value == bound,
                ">" => value > bound,
                ">=" => value >= bound,
                "<" => value < bound,
                "<=" => value <= bound,
                var other => throw new NotSupportedException($"numeric operator '{other}'"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private static double Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;
}
