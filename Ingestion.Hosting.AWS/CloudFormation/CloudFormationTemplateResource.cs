using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>
/// A CloudFormation template as an Aspire resource, shaped like Aspire.Hosting.AWS's
/// <c>CloudFormationTemplateResource</c>: a stack name, a template, parameters and, once deployed
/// (into the emulators) or found (in AWS), its outputs. The template is read when the app model
/// is built, so what it declares can become resources of their own.
/// </summary>
public sealed class CloudFormationTemplateResource : Resource, IResourceWithWaitSupport
{
    private readonly CloudFormationTemplate _asWritten;
    private TaskCompletionSource<StackOutputs> _deployed = NewCompletion();

    public CloudFormationTemplateResource(string name, string templatePath, CloudFormationTemplate template)
        : base(name)
    {
        TemplatePath = templatePath;
        _asWritten = template;
        Template = template;
        ApplyParameters();
    }

    public string TemplatePath { get; }

    /// <summary>The template expanded with <see cref="CloudFormationParameters"/> (its Fn::ForEach loops run over their values).</summary>
    public CloudFormationTemplate Template { get; private set; }

    /// <summary>The CloudFormation stack name: the resource's name, as in Aspire.Hosting.AWS.</summary>
    public string StackName => Name;

    /// <summary>Template parameter overrides (<c>WithParameter</c>).</summary>
    public Dictionary<string, string> CloudFormationParameters { get; } = new(StringComparer.Ordinal);

    /// <summary>The deployed outputs, or null before the first deployment finished.</summary>
    public StackOutputs? Outputs => _deployed.Task.IsCompletedSuccessfully ? _deployed.Task.Result : null;

    /// <summary>The AWS the stack's resources are in: the emulators' endpoints when local, none for a deployed stack.</summary>
    public AwsEnvironment? Environment { get; internal set; }

    /// <summary>Completes when the stack is deployed (or its outputs read); faults when that failed.</summary>
    public Task<StackOutputs> Deployed => _deployed.Task;

    public string Output(string key) =>
        (Outputs ?? throw new InvalidOperationException($"Stack '{Name}' is not deployed yet.")).Outputs.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"Stack '{Name}' has no output '{key}'.");

    internal void ApplyParameters() => Template = _asWritten.WithParameterOverrides(CloudFormationParameters);

    internal void SetDeployed(StackOutputs outputs)
    {
        if (!_deployed.TrySetResult(outputs))
        {
            // A redeployment (an emulator restarted): same template, so the same outputs; keep the newest.
            _deployed = NewCompletion();
            _deployed.SetResult(outputs);
        }
    }

    internal void SetFailed(Exception exception) => _deployed.TrySetException(exception);

    private static TaskCompletionSource<StackOutputs> NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
