using Ingestion.AppHost;
using Ingestion.AppHost.Hosting;

// `dotnet run --project Ingestion.AppHost` (local emulators) or `-- --target aws` (a deployed stack).
var builder = IngestionAppBuilder.Create(args);
AppTopology.Define(builder);

await using var app = builder.Build();
await app.RunAsync();
