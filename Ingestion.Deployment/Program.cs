using Ingestion.Deployment;

// dotnet run --project Ingestion.Deployment -- compute --data-plane cloudformation/ingestion.yaml --output compute.json [--parameter Neighbourhoods=A,B]
return CommandLine.Run(args, Console.Out, Console.Error);
