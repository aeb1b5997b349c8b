namespace Ingestion.LoadGenerator;

/// <summary>One reading a simulated sensor sends.</summary>
internal sealed record SimulatedReading(string Location, string Sensor, DateTimeOffset Timestamp, double Db);

/// <summary>
/// Bursty sensors, deterministic for a seed: a sensor is quiet (sends nothing, as real sensors
/// below their threshold do) until a burst starts, then sends one reading a second for the
/// burst's length, now and then a loud one. Time is the caller's: no clock inside.
/// </summary>
internal sealed class SensorTraffic
{
    /// <summary>Chance per second that a quiet sensor starts a burst.</summary>
    public const double BurstStartChance = 0.02;

    /// <summary>Chance that a reading in a burst is loud (at or above the alert threshold).</summary>
    public const double LoudChance = 0.05;

    private readonly Random _random;
    private readonly double _alertThreshold;
    private readonly (string Location, string Id)[] _sensors;
    private readonly int[] _burstSecondsLeft;

    public SensorTraffic(int sensors, IReadOnlyList<string> locations, int seed, double alertThreshold)
    {
        _random = new Random(seed);
        _alertThreshold = alertThreshold;
        _sensors = Enumerable.Range(0, sensors).Select(i => (locations[i % locations.Count], $"s{i:D5}")).ToArray();
        _burstSecondsLeft = new int[sensors];
    }

    /// <summary>The readings of one second, at most one per sensor.</summary>
    public IReadOnlyList<SimulatedReading> NextSecond(DateTimeOffset now)
    {
        // Whole milliseconds: what is sent (and so what the item IDs hold) is exactly this.
        now = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), now.Offset);
        var readings = new List<SimulatedReading>();
        for (var index = 0; index < _sensors.Length; index++)
        {
            if (_burstSecondsLeft[index] == 0 && _random.NextDouble() < BurstStartChance)
            {
                _burstSecondsLeft[index] = _random.Next(5, 31);
            }

            if (_burstSecondsLeft[index] == 0)
            {
                continue;
            }

            _burstSecondsLeft[index]--;
            var loud = _random.NextDouble() < LoudChance;
            var db = loud ? _alertThreshold + (_random.NextDouble() * 25) : 55 + (_random.NextDouble() * Math.Max(0, _alertThreshold - 56));
            var (location, id) = _sensors[index];
            readings.Add(new SimulatedReading(location, id, now, Math.Round(Math.Min(db, 194), 1)));
        }

        return readings;
    }
}
