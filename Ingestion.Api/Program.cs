// Placeholder until the Api is built.
Console.WriteLine("Ingestion.Api");
