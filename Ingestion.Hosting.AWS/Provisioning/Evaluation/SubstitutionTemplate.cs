namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>
/// The string of an Fn::Sub split into literal text and <c>${Name}</c> references.
/// <c>${!Literal}</c> is the escape for a literal <c>${Literal}</c>.
/// </summary>
internal static class SubstitutionTemplate
{
    public static IReadOnlyList<SubstitutionPart> Parse(string template)
    {
        var parts = new List<SubstitutionPart>();
        var literal = new System.Text.StringBuilder();
        var index = 0;
        while (index < template.Length)
        {
            var start = template.IndexOf("${", index, StringComparison.Ordinal);
            var end = start < 0 ? -1 : template.IndexOf('}', start + 2);
            if (end < 0)
            {
                literal.Append(template, index, template.Length - index);
                break;
            }

            literal.Append(template, index, start - index);
            var name = template[(start + 2)..end];
            if (name.StartsWith('!'))
            {
                literal.Append("${").Append(name, 1, name.Length - 1).Append('}');
            }
            else
            {
                if (literal.Length > 0)
                {
                    parts.Add(new SubstitutionPart(literal.ToString(), IsReference: false));
                    literal.Clear();
                }

                parts.Add(new SubstitutionPart(name.Trim(), IsReference: true));
            }

            index = end + 1;
        }

        if (literal.Length > 0)
        {
            parts.Add(new SubstitutionPart(literal.ToString(), IsReference: false));
        }

        return parts;
    }
}

/// <param name="Text">Literal text, or the referenced name (a variable, parameter, resource or Resource.Attribute).</param>
internal sealed record SubstitutionPart(string Text, bool IsReference);
