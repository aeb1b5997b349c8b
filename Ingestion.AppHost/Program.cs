using Ingestion.AppHost;
using Ingestion.Topology.Events;
using Ingestion.Topology.Metadata;
using Ingestion.Topology.Queues;

// `dotnet run --project Ingestion.AppHost` (the local emulators) or `-- --target aws` (a deployed stack).
var builder = DistributedApplication.CreateBuilder(args);
var settings = AppHostSettings.From(builder.Configuration);

// The AWS resources: one CloudFormation template, for AWS and for local. Each worker's queue is a
// resource of its own, its dead-letter queues its children: added after the parameters that decide them.
var stack = builder.AddAWSCloudFormationTemplate("ingestion", "../cloudformation/ingestion.yaml")
    .WithParameters(settings.Aws.Parameters)
    .WithQueueResources()
    .WithFindEventCommand();

if (settings.Aws.IsAws)
{
    stack.UseDeployedStack(settings.Aws.Region, settings.Aws.StackOutputsFile, builder.Configuration);
}
else
{
    // Locally AWS is two emulators from npm, on loopback, with the template deployed into them.
    var fauxqs = builder.AddFauxqs("fauxqs", "../emulators", settings.FauxqsPort, settings.EmulatorDataDirectory).WithRestartOnCrash();
    var dynalite = builder.AddDynalite("dynalite", "../emulators", settings.DynalitePort, settings.EmulatorDataDirectory).WithRestartOnCrash();
    stack.DeployIntoEmulators(fauxqs, dynalite, settings.Aws.Region);
}

// The API checks each request's key and rate, validates each event and publishes it to the topic.
// Its replicas (AppHost:ApiReplicas) share the port and each source's rate limit.
var api = builder.AddIngestionService<Projects.Ingestion_Api>("api", settings.ApiPort, AppHostSettings.ApiPortKey, settings.Replicas.Api, stack, settings)
    .WithSharedRateLimit(settings.Replicas.Api);
if (settings.Aws.IsAws)
{
    api.WithApiKeysFromSecretsManager();
}
else
{
    api.WithApiKeyParameters(stack.Resource.ApiKeyHolders);
}

// One worker per worker the template declares (Metadata: Ingestion::Worker on its role); its
// replicas (AppHost:WorkerReplicas) all poll its queue.
var workerNames = stack.Resource.Workers.Select(declared => declared.Name).ToList();
foreach (var worker in stack.Resource.Workers)
{
    builder.AddIngestionService<Projects.Ingestion_Workers>($"worker-{worker.Name}", port: 0, portSetting: "", settings.Replicas.ForWorker(worker.Name, workerNames), stack, settings)
        .WithWorker(stack, worker);
}

builder.Build().Run();
