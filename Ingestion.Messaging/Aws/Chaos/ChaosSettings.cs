using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// Fault injection into one AWS service's HTTP calls, read from <c>Chaos:&lt;Service&gt;:*</c>
/// (docs/internals.md). Off unless <c>InjectionRate</c> (or, for SNS, <c>FailedEntryRate</c>) is above zero, and then only against a local
/// emulator: a setting aimed at a service whose endpoint is not a loopback address (on AWS the
/// endpoint keys are absent) stops the process at start, so a stray key can never fault production.
/// </summary>
public sealed record ChaosSettings(
    string Service,
    ChaosFault Fault,
    double InjectionRate,
    TimeSpan Latency,
    TimeSpan StartAfter,
    TimeSpan? Duration,
    double FailedEntryRate = 0)
{
    public const string SectionName = "Chaos";

    public static readonly TimeSpan DefaultLatency = TimeSpan.FromSeconds(30);

    /// <summary>The settings for <paramref name="service"/> in this process, or null when nothing is to be injected.</summary>
    /// <exception cref="InvalidOperationException">A setting is invalid, or aimed at an endpoint that is not a local emulator.</exception>
    public static ChaosSettings? From(IConfiguration configuration, string service)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection($"{SectionName}:{service}");
        var rate = Parse(section, "InjectionRate", 0d, value => double.Parse(value, CultureInfo.InvariantCulture));
        // Entries of a PublishBatch failing one by one while the rest are published: SNS's own partial failure.
        var failedEntryRate = Parse(section, "FailedEntryRate", 0d, value => double.Parse(value, CultureInfo.InvariantCulture));
        if ((rate <= 0 && failedEntryRate <= 0) || !AppliesToThisProcess(section["Processes"], configuration))
        {
            return null;
        }

        if (rate > 1 || failedEntryRate > 1)
        {
            throw Invalid(service, $"InjectionRate and FailedEntryRate must be from 0 to 1, not {Math.Max(rate, failedEntryRate)}.");
        }

        if (failedEntryRate > 0 && service != AwsConfigurationKeys.Sns)
        {
            throw Invalid(service, "FailedEntryRate applies to SNS's PublishBatch only.");
        }

        var endpoint = configuration[AwsConfigurationKeys.Endpoint(service)];
        if (!IsLoopback(endpoint))
        {
            throw Invalid(service,
                $"faults are injected only into local emulators, and {AwsConfigurationKeys.Endpoint(service)} is {(string.IsNullOrWhiteSpace(endpoint) ? "not set (AWS itself)" : $"'{endpoint}'")}.");
        }

        var fault = Parse(section, "Fault", ChaosFault.Throttle, value => Enum.Parse<ChaosFault>(value, ignoreCase: true));
        var latency = Parse(section, "Latency", DefaultLatency, ParseTimeSpan);
        var startAfter = Parse(section, "StartAfter", TimeSpan.Zero, ParseTimeSpan);
        TimeSpan? duration = section["Duration"] is { Length: > 0 } ? Parse(section, "Duration", TimeSpan.Zero, ParseTimeSpan) : null;
        if (latency < TimeSpan.Zero || startAfter < TimeSpan.Zero || duration < TimeSpan.Zero)
        {
            throw Invalid(service, "Latency, StartAfter and Duration must not be negative.");
        }

        return new ChaosSettings(service, fault, Math.Max(rate, 0), latency, startAfter, duration, failedEntryRate);
    }

    /// <summary><c>Processes</c> narrows a topology-wide setting to some services (their OTEL_SERVICE_NAME, comma-separated).</summary>
    private static bool AppliesToThisProcess(string? processes, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(processes))
        {
            return true;
        }

        var self = configuration["OTEL_SERVICE_NAME"];
        return processes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(self, StringComparer.Ordinal);
    }

    private static bool IsLoopback(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static TimeSpan ParseTimeSpan(string value) => TimeSpan.Parse(value, CultureInfo.InvariantCulture);

    private static T Parse<T>(IConfigurationSection section, string key, T fallback, Func<string, T> parse)
    {
        if (section[key] is not { Length: > 0 } value)
        {
            return fallback;
        }

        try
        {
            return parse(value);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException or ArgumentException)
        {
            throw new InvalidOperationException($"{section.Path}:{key}: '{value}' is not valid: {exception.Message}", exception);
        }
    }

    private static InvalidOperationException Invalid(string service, string message) => new($"{SectionName}:{service}: {message}");
}
