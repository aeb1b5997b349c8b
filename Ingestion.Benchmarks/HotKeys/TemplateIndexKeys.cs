using System.Text.RegularExpressions;

namespace Ingestion.Benchmarks.HotKeys;

/// <summary>
/// The table's global secondary indexes and their partition key attributes, read from the
/// template (the single source of truth), as the operation log's write metering wants them:
/// <c>EntityNameIndex=ENTITY_NAME</c>.
/// </summary>
internal static partial class TemplateIndexKeys
{
    public static string Read(string repositoryRoot)
    {
        var template = File.ReadAllText(Path.Combine(repositoryRoot, "cloudformation", "ingestion.yaml"));
        return string.Join(",", IndexHashKey().Matches(template).Select(match => $"{match.Groups["index"].Value}={match.Groups["attribute"].Value}").Distinct(StringComparer.Ordinal));
    }

    // - IndexName: X, then its KeySchema's first entry (comments may sit between), the HASH key.
    [GeneratedRegex(@"IndexName:\s*(?<index>[A-Za-z0-9_.-]+)\s*\n(?:\s*#.*\n)*\s*KeySchema:\s*\n(?:\s*#.*\n)*\s*-\s*AttributeName:\s*(?<attribute>[A-Za-z0-9_.-]+)\s*\n\s*KeyType:\s*HASH")]
    private static partial Regex IndexHashKey();
}
