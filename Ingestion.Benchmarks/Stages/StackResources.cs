using Ingestion.Messaging.Aws;

namespace Ingestion.Benchmarks.Stages;

/// <summary>
/// The deployed stack's outputs, as the AppHost handed them to the API (its
/// <c>AWS__Resources__*</c> environment, read from /proc): the benchmark learns them where the
/// services do, without a second copy of the template's names.
/// </summary>
internal sealed record StackResources(IReadOnlyDictionary<string, string> Outputs)
{
    public string TopicArn => Outputs[StackOutputNames.IngestionTopicArn];

    public string TableName => Outputs[StackOutputNames.DataStoreTableName];

    public string ArchiveBucket => Outputs[StackOutputNames.ArchiveBucketName];

    public string QueueUrl(string output) => Outputs[output];

    public static StackResources? FromProcess(int pid)
    {
        var prefix = AwsConfigurationKeys.AsEnvironmentVariable(AwsConfigurationKeys.ResourcesSection) + "__";
        string environment;
        try
        {
            environment = File.ReadAllText($"/proc/{pid}/environ");
        }
        catch (IOException)
        {
            return null;
        }

        var outputs = environment.Split('\0')
            .Where(variable => variable.StartsWith(prefix, StringComparison.Ordinal) && variable.Contains('=', StringComparison.Ordinal))
            .Select(variable => variable[prefix.Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        return outputs.ContainsKey(StackOutputNames.IngestionTopicArn) ? new StackResources(outputs) : null;
    }

    /// <summary>The API process of this run: OTEL_SERVICE_NAME api, pointed at this run's SNS emulator port (other runs may be up).</summary>
    public static StackResources? Find(int fauxqsPort)
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var environment = File.ReadAllText($"/proc/{pid}/environ");
                var variables = environment.Split('\0');
                var isApi = variables.Contains("OTEL_SERVICE_NAME=api", StringComparer.Ordinal);
                var isThisRun = variables.Any(v => v.StartsWith("AWS__Endpoints__SNS=", StringComparison.Ordinal) && v.Contains($":{fauxqsPort}", StringComparison.Ordinal));
                if (isApi && isThisRun)
                {
                    if (FromProcess(pid) is { } resources)
                    {
                        return resources;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
            }
        }

        return null;
    }
}
