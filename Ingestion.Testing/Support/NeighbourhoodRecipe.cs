using System.Text.RegularExpressions;

namespace Ingestion.Tests.Support;

/// <summary>
/// The template's documented "Adding a neighbourhood" step, done as a person would do it: append
/// the name to the Neighbourhoods parameter's default. Nothing else (no C#, no other line of the
/// template) changes, which is what the recipe promises.
/// </summary>
public static partial class NeighbourhoodRecipe
{
    public static string AddNeighbourhood(string template, string added)
    {
        var match = NeighbourhoodsDefault().Match(template);
        if (!match.Success)
        {
            throw new InvalidOperationException("The template has no `Neighbourhoods` parameter with a Default: the recipe no longer applies.");
        }

        return template[..match.Groups["list"].Index] + match.Groups["list"].Value + "," + added + template[(match.Groups["list"].Index + match.Groups["list"].Length)..];
    }

    [GeneratedRegex(@"^  Neighbourhoods:\r?\n    Type: CommaDelimitedList\r?\n    Default: (?<list>[A-Za-z0-9,]+)", RegexOptions.Multiline)]
    private static partial Regex NeighbourhoodsDefault();
}
