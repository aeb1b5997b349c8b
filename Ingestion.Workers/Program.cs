using Ingestion.Workers;

var builder = WebApplication.CreateBuilder(args);

// Telemetry, /health and /alive, shared with every Ingestion service.
builder.AddServiceDefaults();

// The poller for the one queue named in Worker:QueueUrl, its handlers and the data store.
builder.AddIngestionWorker();

var app = builder.Build();

// Only the health endpoints: the AppHost waits on them and restarts what stops answering.
app.MapDefaultEndpoints();

app.Run();
