using System.Diagnostics.Metrics;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Microsoft.Extensions.Options;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Telemetry;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The alert path: a reading that reached the priority queue (the template's numeric filter
/// `db >= AlertThresholdDecibels` selected it) becomes an ALERT item, a warning log and a metric.
/// The handler checks the threshold itself: a reading below it (sent here by a replay, a redrive or
/// a hand) is not an alert, whatever queue it came from. A reading alerts once, however often it
/// is sent: the alert is keyed by the reading's identity and created only if absent (<see cref="AlertStore"/>).
/// </summary>
internal sealed partial class AlertHandler(IAlertStore store, IOptions<AlertOptions> options, ILogger<AlertHandler> logger) : IMessageHandler<Reading>
{
    public const string AlertEntityName = EntityNames.Alert;

    private static readonly Meter Meter = new(WorkerTelemetry.Name);
    private static readonly Counter<long> Alerts = Meter.CreateCounter<long>("ingestion.noise.alerts", "{alert}", "Loud readings stored as alerts.");

    public static string AlertId(Reading reading) => ItemKeys.Alert(reading.Location, reading.Sensor, reading.Timestamp);

    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<Reading> message, CancellationToken cancellationToken)
    {
        var reading = message.Body;
        var threshold = options.Value.AlertThresholdDecibels!.Value;
        if (reading.Db < threshold)
        {
            BelowThreshold(logger, reading.Location, reading.Sensor, reading.Db, threshold);
            return MessageHandlerResult.Success;
        }

        var alert = message.Event with { EntityName = AlertEntityName };
        if (await store.TryCreateAsync(AlertId(reading), alert, cancellationToken))
        {
            Alerts.Add(1, new KeyValuePair<string, object?>("location", reading.Location));
            LoudReading(logger, reading.Location, reading.Sensor, reading.Db, reading.Timestamp);
        }

        return MessageHandlerResult.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading of {Location} sensor {Sensor} at {Db} dB is below the alert threshold {Threshold} dB: not an alert")]
    private static partial void BelowThreshold(ILogger logger, string location, string sensor, double db, double threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Noise alert: {Location} sensor {Sensor} measured {Db} dB at {Timestamp:O}")]
    private static partial void LoudReading(ILogger logger, string location, string sensor, double db, DateTimeOffset timestamp);
}
