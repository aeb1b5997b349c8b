namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>
/// Orders resources so each comes after everything it refers to (Ref, Fn::GetAtt, Fn::Sub,
/// DependsOn). Among resources that are ready together the template's order wins, so a
/// deployment's log reads like the template.
/// </summary>
internal static class DependencyGraph
{
    /// <param name="dependencies">Every resource in template order, with the resources it needs.</param>
    public static IReadOnlyList<string> Order(IReadOnlyList<KeyValuePair<string, IReadOnlySet<string>>> dependencies)
    {
        var remaining = dependencies.ToList();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<string>(remaining.Count);
        while (remaining.Count > 0)
        {
            var ready = remaining.FindIndex(entry => entry.Value.All(done.Contains));
            if (ready < 0)
            {
                throw new TemplateException($"Circular dependency between resources: {DescribeCycle(remaining)}.");
            }

            order.Add(remaining[ready].Key);
            done.Add(remaining[ready].Key);
            remaining.RemoveAt(ready);
        }

        return order;
    }

    /// <summary>Follows unmet dependencies from the first stuck resource until one repeats: that loop is the cycle.</summary>
    private static string DescribeCycle(List<KeyValuePair<string, IReadOnlySet<string>>> stuck)
    {
        var needs = stuck.ToDictionary(entry => entry.Key, entry => entry.Value, StringComparer.Ordinal);
        var path = new List<string>();
        var current = stuck[0].Key;
        while (!path.Contains(current))
        {
            path.Add(current);
            current = needs[current].Where(needs.ContainsKey).Order(StringComparer.Ordinal).First();
        }

        var cycle = path.Skip(path.IndexOf(current)).Append(current);
        return string.Join(" -> ", cycle);
    }
}
