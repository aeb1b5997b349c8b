using System.Text.Json;
using Ingestion.Deployment.Compute;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Deployment;

/// <summary>The tool's one command, <c>compute</c>: writes the compute template for a data plane and its parameters.</summary>
public static class CommandLine
{
    public const string Usage = "usage: compute --data-plane <template.yaml> --output <compute.json> [--parameter Name=Value]...";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["compute", .. var options])
        {
            error.WriteLine(Usage);
            return 2;
        }

        string? dataPlane = null, target = null;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Length; i++)
        {
            var value = i + 1 < options.Length ? options[i + 1] : null;
            switch (options[i])
            {
                case "--data-plane" when value is not null: dataPlane = value; i++; break;
                case "--output" when value is not null: target = value; i++; break;
                case "--parameter" when value?.IndexOf('=', StringComparison.Ordinal) is > 0:
                    parameters[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    i++;
                    break;
                default:
                    error.WriteLine($"unexpected argument '{options[i]}'. {Usage}");
                    return 2;
            }
        }

        if (dataPlane is null || target is null)
        {
            error.WriteLine(Usage);
            return 2;
        }

        try
        {
            var template = ComputeTemplate.Create(CloudFormationTemplate.Load(dataPlane), parameters);
            File.WriteAllText(target, template.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            output.WriteLine($"wrote {target}: {template["Resources"]!.AsObject().Count} resources");
            return 0;
        }
        catch (TemplateException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }
}
