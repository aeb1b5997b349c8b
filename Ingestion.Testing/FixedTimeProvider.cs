namespace Ingestion.Tests;

/// <summary>A clock that always reads the same instant: stamps and signatures the tests can predict.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
