using Ingestion.AppHost.Hosting;

namespace Ingestion.AppHost;

/// <summary>
/// The system, read as the flow of an event: AWS (the emulators locally), the template's
/// resources deployed into it, the API publishing to the topic, and one worker per queue
/// the template declares. Program.cs and the testing builder both run exactly this.
/// </summary>
public static class AppTopology
{
    public static void Define(IngestionAppBuilder builder)
    {
        builder.AddDashboard();
        var aws = builder.AddAws();
        var stack = builder.AddCloudFormation(builder.Options.TemplatePath, aws);

        builder.AddProject("api", ServiceProjects.Api, builder.Options.ApiPort, "AppHost:ApiPort")
            .WithReference(stack);

        // The workers come from the template's Ingestion::Workers metadata, not from code here:
        // adding a source to the template adds its worker process.
        builder.ForDeployedStack(deployed =>
        {
            foreach (var worker in deployed.Outputs.Workers)
            {
                builder.AddProject($"worker-{worker.Name}", ServiceProjects.Workers)
                    .WithReference(deployed)
                    .WithWorker(worker, deployed);
            }
        });
    }
}
