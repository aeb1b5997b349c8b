namespace Ingestion.AppHost.Hosting;

/// <summary>Configuration section "AppHost" (command line: --AppHost:ApiPort=5081, or --target aws).</summary>
public sealed record AppHostOptions
{
    public const string SectionName = "AppHost";

    /// <summary>"local" runs the emulators and deploys the template into them; "aws" uses a deployed stack.</summary>
    public string Target { get; set; } = "local";

    /// <summary>The API's port on 127.0.0.1 (DESIGN.md pins 5080). 0 picks a free port.</summary>
    public int ApiPort { get; set; } = 5080;

    /// <summary>Relative to the repository root.</summary>
    public string TemplatePath { get; set; } = "cloudformation/ingestion.yaml";

    public string StackName { get; set; } = "ingestion";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Template parameter overrides, e.g. AppHost:Parameters:MaxReceiveCount=3.</summary>
    public Dictionary<string, string> Parameters { get; set; } = [];

    /// <summary>
    /// AWS mode: a file holding `aws cloudformation describe-stacks --stack-name ingestion --query 'Stacks[0].Outputs'`.
    /// Without it, outputs come from AWS:Resources:* configuration.
    /// </summary>
    public string? StackOutputsFile { get; set; }

    /// <summary>Extra environment for every service, e.g. AppHost:ServiceEnvironment:Logging__LogLevel__Default=Debug.</summary>
    public Dictionary<string, string> ServiceEnvironment { get; set; } = [];

    /// <summary>Echo every child's output to the console (off in tests).</summary>
    public bool EchoConsole { get; set; } = true;

    /// <summary>The OTLP endpoint the services export to; empty: the AppHost's own receiver.</summary>
    public string? OtlpEndpoint { get; set; }

    public bool IsAws => string.Equals(Target, "aws", StringComparison.OrdinalIgnoreCase);
}
