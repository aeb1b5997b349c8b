using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The statistics processor: every reading counts once in its location's 1-minute window
/// `STATS#&lt;location&gt;#&lt;minute&gt;` (see <see cref="StatisticsWindows"/>), identified by what it
/// is (location, sensor, timestamp), not by its event id, so a reading sent twice counts once.
/// </summary>
internal sealed class StatisticsHandler(StatisticsWindows windows) : IMessageHandler<Reading>
{
    public const string StatsEntityName = Ingestion.Messaging.Entities.EntityNames.NoiseStatistics;

    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<Reading> message, CancellationToken cancellationToken)
    {
        await windows.AddAsync(message.Body, cancellationToken);
        return MessageHandlerResult.Success;
    }
}
