using System.Diagnostics.Metrics;
using Ingestion.Messaging;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Telemetry;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The alert path: a reading that reached the priority queue (the template's numeric filter
/// `db >= AlertThresholdDecibels` selected it) becomes an ALERT item, a warning log and a metric.
/// Idempotent like every write: a redelivered reading stores the same alert once.
/// </summary>
internal sealed partial class AlertHandler(IItemStore store, ILogger<AlertHandler> logger) : IMessageHandler<Reading>
{
    public const string AlertEntityName = "ALERT";

    private static readonly Meter Meter = new(WorkerTelemetry.Name);
    private static readonly Counter<long> Alerts = Meter.CreateCounter<long>("ingestion.noise.alerts", "{alert}", "Loud readings stored as alerts.");

    public static string AlertId(Reading reading) => "ALERT#" + reading.ItemId["READING#".Length..];

    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<Reading> message, CancellationToken cancellationToken)
    {
        var reading = message.Body;
        var alert = message.Event with { EntityName = AlertEntityName };
        var outcome = await store.PutAsync(AlertId(reading), alert, cancellationToken);
        if (outcome == WriteOutcome.Stored)
        {
            Alerts.Add(1, new KeyValuePair<string, object?>("location", reading.Location));
            LoudReading(logger, reading.Location, reading.Sensor, reading.Db, reading.Timestamp);
        }

        return MessageHandlerResult.Success;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Noise alert: {Location} sensor {Sensor} measured {Db} dB at {Timestamp:O}")]
    private static partial void LoudReading(ILogger logger, string location, string sensor, double db, DateTimeOffset timestamp);
}
