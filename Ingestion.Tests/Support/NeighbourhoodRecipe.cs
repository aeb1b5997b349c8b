using System.Text.RegularExpressions;

namespace Ingestion.Tests.Support;

/// <summary>
/// The template's documented "Adding a neighbourhood" steps, done as a person would do them:
/// copy one neighbourhood's resource blocks, outputs and Ingestion::Workers entry, renamed.
/// Nothing else (no C#) changes, which is what the recipe promises.
/// </summary>
public static partial class NeighbourhoodRecipe
{
    public static string AddNeighbourhood(string template, string copyOf, string added)
    {
        var lines = template.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new List<string>();
        var index = 0;
        while (index < lines.Length)
        {
            var length = BlockLength(lines, index, copyOf);
            if (length == 0)
            {
                output.Add(lines[index++]);
                continue;
            }

            // The original block, then its renamed copy right after it.
            var block = lines.Skip(index).Take(length).ToList();
            output.AddRange(block);
            output.AddRange(block.Select(line => line.Replace(copyOf, added, StringComparison.Ordinal)));
            index += length;
        }

        return string.Join('\n', output);
    }

    /// <summary>How many lines the neighbourhood's resource, output or worker entry starting here spans; 0 if none starts here.</summary>
    private static int BlockLength(string[] lines, int index, string neighbourhood)
    {
        var line = lines[index];
        var isResourceOrOutput = TopLevelKey().Match(line) is { Success: true } key
            && key.Groups[1].Value.StartsWith("Noise" + neighbourhood, StringComparison.Ordinal);
        var isWorkerEntry = line.Trim() == $"- Name: noise-{neighbourhood}";
        if (!isResourceOrOutput && !isWorkerEntry)
        {
            return 0;
        }

        var indent = Indent(line);
        var length = 1;
        while (index + length < lines.Length && IsInside(lines[index + length], indent, isWorkerEntry))
        {
            length++;
        }

        return length;
    }

    private static bool IsInside(string line, int indent, bool listEntry) =>
        line.Trim().Length > 0
        && Indent(line) > indent
        && !(listEntry && line.TrimStart().StartsWith('-'));

    private static int Indent(string line) => line.Length - line.TrimStart().Length;

    [GeneratedRegex(@"^  ([A-Za-z0-9]+):\s*$")]
    private static partial Regex TopLevelKey();
}
