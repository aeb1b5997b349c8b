using Ingestion.AppHost.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.AppHost.Dashboard;

/// <summary>
/// Ports (loopback only; 0 picks a free one), login and telemetry limits of the dashboard.
/// Bound from the configuration section <c>Dashboard</c>; <c>INGESTION_DASHBOARD_UNSECURED=true</c>
/// turns the login off.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";
    public const string UnsecuredVariable = "INGESTION_DASHBOARD_UNSECURED";

    public int Port { get; set; } = 18888;

    public int OtlpGrpcPort { get; set; } = 18889;

    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>No login at all: for scripts and tests on a trusted machine.</summary>
    public bool Unsecured { get; set; }

    /// <summary>The login token; a new random one on every start when not set.</summary>
    public string? LoginToken { get; set; }

    /// <summary>How often queue depths are sampled into the <c>ingestion.queue.*</c> metrics; zero turns sampling off.</summary>
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TelemetryLimits Telemetry { get; set; } = new();

    public static DashboardOptions FromConfiguration(IConfiguration configuration)
    {
        var options = new DashboardOptions();
        configuration.GetSection(SectionName).Bind(options);
        if (bool.TryParse(configuration[UnsecuredVariable], out var unsecured))
        {
            options.Unsecured |= unsecured;
        }

        return options;
    }

    /// <summary>Throws with every problem at once, so a bad setting fails the start, not a request later.</summary>
    public void Validate()
    {
        var problems = new List<string>();
        foreach (var (name, port) in new[] { (nameof(Port), Port), (nameof(OtlpGrpcPort), OtlpGrpcPort), (nameof(OtlpHttpPort), OtlpHttpPort) })
        {
            if (port is < 0 or > 65535)
            {
                problems.Add($"Dashboard:{name} must be a TCP port (0 for any free one), not {port}.");
            }
        }

        if (LoginToken is { Length: < 16 })
        {
            problems.Add("Dashboard:LoginToken must be at least 16 characters.");
        }

        if (QueueSampleInterval < TimeSpan.Zero)
        {
            problems.Add("Dashboard:QueueSampleInterval must not be negative.");
        }

        problems.AddRange(Telemetry.Validate());
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(DashboardOptions), problems);
        }
    }
}
