using Ingestion.Api;

var builder = WebApplication.CreateBuilder(args);

// Telemetry, health checks and resilience shared by every Ingestion service.
builder.AddServiceDefaults();

// Sources and their schemas, validation, publishing to the topic, OpenAPI.
builder.AddIngestionApi();

var app = builder.Build();

// /health and /alive, which the AppHost waits on.
app.MapDefaultEndpoints();

// Problem+json errors, /openapi/v1.json, /scalar and POST /sources/{source}/events.
app.UseIngestionApi();

app.Run();
