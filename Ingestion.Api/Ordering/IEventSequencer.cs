namespace Ingestion.Api.Ordering;

/// <summary>
/// Hands out the monotonic sequence numbers that order a source's events (see
/// <see cref="Ingestion.Messaging.EventOrder"/>): the same order for every API instance,
/// whatever their clocks say.
/// </summary>
public interface IEventSequencer
{
    /// <returns>The first of <paramref name="count"/> consecutive numbers no other request of <paramref name="source"/> gets.</returns>
    Task<long> ReserveAsync(string source, int count, CancellationToken cancellationToken);
}
