using Microsoft.Extensions.Configuration;

namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>
/// The AppHost's AWS settings (section "AppHost"; command line <c>--AppHost:Region=eu-west-1</c>,
/// or <c>--target aws</c>).
/// </summary>
public sealed record AwsTargetOptions
{
    public const string SectionName = "AppHost";

    /// <summary>"local" runs the emulators and deploys the template into them; "aws" uses a deployed stack.</summary>
    public string Target { get; set; } = "local";

    public string Region { get; set; } = "us-east-1";

    /// <summary>Template parameter overrides, e.g. AppHost:Parameters:MaxReceiveCount=3.</summary>
    public Dictionary<string, string> Parameters { get; set; } = [];

    /// <summary>
    /// AWS mode: a file holding `aws cloudformation describe-stacks --stack-name ingestion`.
    /// Without it, outputs come from AWS:Resources:* configuration.
    /// </summary>
    public string? StackOutputsFile { get; set; }

    public bool IsAws => string.Equals(Target, "aws", StringComparison.OrdinalIgnoreCase);

    public static AwsTargetOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<AwsTargetOptions>() ?? new AwsTargetOptions();
        if (configuration["target"] is { Length: > 0 } target)
        {
            options.Target = target; // `--target aws` as a plain switch
        }

        if (options.Target is not ("local" or "aws"))
        {
            throw new InvalidOperationException($"Unknown target '{options.Target}': use `--target local` (the emulators, the default) or `--target aws` (a deployed stack).");
        }

        return options;
    }
}
