// Placeholder until the Workers is built.
Console.WriteLine("Ingestion.Workers");
