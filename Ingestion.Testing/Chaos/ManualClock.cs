namespace Ingestion.Tests.Chaos;

/// <summary>A clock the test moves by hand, so a window of a minute is checked without waiting a minute.</summary>
internal sealed class ManualClock : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 12, 3, 18, 0, 0, TimeSpan.Zero);

    public DateTimeOffset Now { get; set; } = Start;

    public override DateTimeOffset GetUtcNow() => Now;
}
