using System.Globalization;
using System.Text.Json;
using Ingestion.Messaging.Entities;
using Ingestion.Messaging.Sns;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Sources.Schemas;

/// <summary>
/// A noise sensor's reading: <c>{"location","sensor","timestamp","db"}</c>. Published with the
/// attributes the template routes on: <c>location</c> (one queue per neighbourhood) and
/// <c>db</c> as a Number (the priority queue's numeric filter).
/// </summary>
public sealed class ReadingSchema(IOptions<NoiseSourceOptions> options, TimeProvider clock) : IEntitySchema
{
    public const string Name = EntityNames.Reading;

    /// <summary>0 dB is the threshold of hearing; 194 dB the loudest undistorted sound in air.</summary>
    public const double MaxDecibels = 194;

    public string EntityName => Name;

    public void Validate(EntityBody body)
    {
        var location = body.RequiredIdentifier("location");
        if (location is not null && !options.Value.Locations.Contains(location, StringComparer.Ordinal))
        {
            body.Error("location", $"must be one of {string.Join(", ", options.Value.Locations)}");
        }

        body.RequiredIdentifier("sensor");
        var timestamp = body.RequiredTimestamp("timestamp");
        if (timestamp > clock.GetUtcNow() + options.Value.MaxClockSkew)
        {
            body.Error("timestamp", $"must not be more than {options.Value.MaxClockSkew.TotalMinutes:0} minutes in the future");
        }

        body.RequiredNumber("db", 0, MaxDecibels);
    }

    /// <summary>
    /// The sensor, not the reading: one sensor's readings stay in order, while the sensors of a
    /// neighbourhood are processed in parallel.
    /// </summary>
    public string ItemKey(JsonElement body) =>
        ItemKeys.SensorGroup(body.GetProperty("location").GetString()!, body.GetProperty("sensor").GetString()!);

    /// <summary>A reading is what it measured, where and when: its item ID.</summary>
    public string? Identity(JsonElement body) =>
        IsoTimestamp.TryParse(body.GetProperty("timestamp").GetString()!, out var timestamp)
            ? ItemKeys.Reading(body.GetProperty("location").GetString()!, body.GetProperty("sensor").GetString()!, timestamp)
            : null;

    public IReadOnlyDictionary<string, SnsMessageAttribute> RoutingAttributes(JsonElement body) => new Dictionary<string, SnsMessageAttribute>
    {
        ["location"] = new("String", body.GetProperty("location").GetString()!),
        ["db"] = new("Number", body.GetProperty("db").GetDouble().ToString(CultureInfo.InvariantCulture)),
    };
}
