using System.Collections.Concurrent;
using System.Reflection;

namespace Ingestion.AppHost.Dashboard.Pages;

/// <summary>The pages' HTML, CSS and JS, embedded in the AppHost assembly under <c>Dashboard/</c>.</summary>
internal sealed class DashboardAssets
{
    private static readonly Assembly Assembly = typeof(DashboardAssets).Assembly;
    private readonly ConcurrentDictionary<string, byte[]?> _cache = new(StringComparer.Ordinal);

    public byte[]? Read(string path) => _cache.GetOrAdd(path, static key =>
    {
        using var stream = Assembly.GetManifestResourceStream("Dashboard/" + key);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });

    public string ReadText(string path) =>
        Read(path) is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : throw new FileNotFoundException($"No embedded dashboard asset {path}");

    public static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".html" => "text/html; charset=utf-8",
        _ => "application/octet-stream",
    };
}
