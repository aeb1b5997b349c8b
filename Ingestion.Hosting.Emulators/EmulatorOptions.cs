namespace Ingestion.Hosting.Emulators;

/// <summary>Configuration section "Emulators": the AppHost binds it, and a taken port's error names its key.</summary>
public sealed record EmulatorOptions
{
    public const string SectionName = "Emulators";

    public const string FauxqsPortKey = $"{SectionName}:{nameof(FauxqsPort)}";

    public const string DynalitePortKey = $"{SectionName}:{nameof(DynalitePort)}";

    /// <summary>SNS, SQS and S3 (fauxqs). 0 picks a free port.</summary>
    public int FauxqsPort { get; set; } = 4566;

    /// <summary>DynamoDB (dynalite). 0 picks a free port.</summary>
    public int DynalitePort { get; set; } = 8000;

    /// <summary>
    /// When set, the emulators keep their data here across AppHost runs (dynalite as LevelDB,
    /// fauxqs as SQLite, which makes fauxqs about 10× slower). Empty: in memory.
    /// </summary>
    public string? DataDirectory { get; set; }
}
