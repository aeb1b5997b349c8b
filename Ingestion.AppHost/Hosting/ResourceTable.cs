using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Hosting;

/// <summary>The table printed once everything is up: name, type, state, URL.</summary>
public static class ResourceTable
{
    public static void Print(IReadOnlyList<ResourceSnapshot> resources, TextWriter output)
    {
        var rows = resources.Select(r => (r.Name, r.Type, State: $"{r.State} ({r.Health})", Url: string.Join(' ', r.Endpoints))).ToList();
        var name = Math.Max(4, rows.Max(r => r.Name.Length));
        var type = Math.Max(4, rows.Max(r => r.Type.Length));
        var state = Math.Max(5, rows.Max(r => r.State.Length));
        output.WriteLine();
        output.WriteLine($"{"NAME".PadRight(name)}  {"TYPE".PadRight(type)}  {"STATE".PadRight(state)}  URL");
        foreach (var row in rows)
        {
            output.WriteLine($"{row.Name.PadRight(name)}  {row.Type.PadRight(type)}  {row.State.PadRight(state)}  {row.Url}");
        }

        output.WriteLine();
    }
}
