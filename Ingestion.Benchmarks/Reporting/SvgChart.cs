using System.Globalization;
using System.Text;

namespace Ingestion.Benchmarks.Reporting;

/// <summary>A series of points against offered load.</summary>
internal sealed record ChartSeries(string Name, string Colour, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Two panels against offered load (events/s): throughput (accepted, stored) above, POST → stored
/// latency (p50, p99) below. Plain SVG, no native library.
/// </summary>
internal static class SvgChart
{
    private const int Width = 760;
    private const int PanelHeight = 260;
    private const int Left = 70;
    private const int Right = 160;
    private const int Top = 40;
    private const int Gap = 70;

    public static string Render(string title, IReadOnlyList<ChartSeries> throughput, IReadOnlyList<ChartSeries> latency)
    {
        var svg = new StringBuilder();
        var height = Top + (2 * PanelHeight) + Gap + 50;
        svg.Append(Inv($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">"""));
        svg.Append(Inv($"""<rect width="{Width}" height="{height}" fill="white"/><text x="{Left}" y="22" font-size="15" font-weight="bold">{Escape(title)}</text>"""));
        var maxX = NiceCeiling(throughput.Concat(latency).SelectMany(series => series.Points).Select(point => point.X).DefaultIfEmpty(1).Max());
        Panel(svg, Top, "events/s", maxX, throughput);
        Panel(svg, Top + PanelHeight + Gap, "ms (POST → stored)", maxX, latency);
        svg.Append(Inv($"""<text x="{Left + ((Width - Left - Right) / 2)}" y="{height - 12}" text-anchor="middle">offered load (events/s)</text>"""));
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int top, string yLabel, double maxX, IReadOnlyList<ChartSeries> series)
    {
        var plotWidth = Width - Left - Right;
        var maxY = NiceCeiling(series.SelectMany(s => s.Points).Select(point => point.Y).Where(double.IsFinite).DefaultIfEmpty(1).Max());
        double X(double x) => Left + (x / maxX * plotWidth);
        double Y(double y) => top + PanelHeight - (y / maxY * PanelHeight);

        svg.Append(Inv($"""<rect x="{Left}" y="{top}" width="{plotWidth}" height="{PanelHeight}" fill="none" stroke="#999"/>"""));
        for (var tick = 0; tick <= 4; tick++)
        {
            var yValue = maxY * tick / 4;
            var xValue = maxX * tick / 4;
            svg.Append(Inv($"""<line x1="{Left}" x2="{Left + plotWidth}" y1="{Y(yValue):0.#}" y2="{Y(yValue):0.#}" stroke="#eee"/>"""));
            svg.Append(Inv($"""<text x="{Left - 6}" y="{Y(yValue) + 4:0.#}" text-anchor="end">{yValue:N0}</text>"""));
            svg.Append(Inv($"""<text x="{X(xValue):0.#}" y="{top + PanelHeight + 16}" text-anchor="middle">{xValue:N0}</text>"""));
        }

        svg.Append(Inv($"""<text x="16" y="{top + (PanelHeight / 2)}" transform="rotate(-90 16 {top + (PanelHeight / 2)})" text-anchor="middle">{Escape(yLabel)}</text>"""));
        var legendY = top + 10;
        foreach (var line in series)
        {
            var points = line.Points.Where(point => double.IsFinite(point.Y)).OrderBy(point => point.X).ToList();
            if (points.Count > 0)
            {
                svg.Append(Inv($"""<polyline fill="none" stroke="{line.Colour}" stroke-width="2" points="{string.Join(' ', points.Select(p => Inv($"{X(p.X):0.#},{Y(p.Y):0.#}")))}"/>"""));
                foreach (var point in points)
                {
                    svg.Append(Inv($"""<circle cx="{X(point.X):0.#}" cy="{Y(point.Y):0.#}" r="3" fill="{line.Colour}"/>"""));
                }
            }

            svg.Append(Inv($"""<line x1="{Left + plotWidth + 12}" x2="{Left + plotWidth + 32}" y1="{legendY}" y2="{legendY}" stroke="{line.Colour}" stroke-width="2"/><text x="{Left + plotWidth + 38}" y="{legendY + 4}">{Escape(line.Name)}</text>"""));
            legendY += 18;
        }
    }

    /// <summary>The next of 1, 2, 2.5 or 5 times a power of ten at or above the value.</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 2.5, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
