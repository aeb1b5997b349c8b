using System.Globalization;

namespace Ingestion.Workers.Noise;

/// <summary>
/// A minute's readings as a histogram in tenths of a decibel, stored as one binary attribute: each
/// occupied bin as two 7-bit varints (the gap from the previous bin, its count). A minute that fills
/// a few hundred bins takes a few hundred bytes, where one attribute per bin took about ten bytes
/// each, so the window item stays near 1 KB and a write of it costs about one write unit.
/// P95 is the nearest rank over the bins, exact to 0.1 dB.
/// </summary>
internal static class WindowHistogram
{
    public static int BinOf(double db) => (int)Math.Floor((db * 10) + 1e-9);

    public static byte[] Encode(SortedDictionary<int, long> bins)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            var previous = 0;
            foreach (var (tenths, count) in bins)
            {
                writer.Write7BitEncodedInt(tenths - previous);
                writer.Write7BitEncodedInt64(count);
                previous = tenths;
            }
        }

        return stream.ToArray();
    }

    public static SortedDictionary<int, long> Decode(MemoryStream? encoded)
    {
        var bins = new SortedDictionary<int, long>();
        if (encoded is null)
        {
            return bins;
        }

        using var reader = new BinaryReader(new MemoryStream(encoded.ToArray()));
        var tenths = 0;
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            tenths += reader.Read7BitEncodedInt();
            bins[tenths] = reader.Read7BitEncodedInt64();
        }

        return bins;
    }

    /// <summary>Nearest rank over the bins, in dB.</summary>
    public static double P95(SortedDictionary<int, long> bins)
    {
        var count = bins.Values.Sum();
        var rank = Math.Clamp((long)Math.Ceiling(0.95 * count), 1, count);
        return bins.First(bin => (rank -= bin.Value) <= 0).Key / 10.0;
    }

    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
