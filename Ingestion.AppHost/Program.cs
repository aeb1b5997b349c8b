// Placeholder until the AppHost is built.
Console.WriteLine("Ingestion.AppHost");
