namespace Ingestion.Tests.Deployment;

/// <summary>Chicago's 77 community areas, alphanumeric: the noise scenario at a city's scale (AWS's documented quotas).</summary>
internal static class ChicagoCommunityAreas
{
    public static IReadOnlyList<string> All { get; } =
    [
        "RogersPark", "WestRidge", "Uptown", "LincolnSquare", "NorthCenter", "LakeView", "LincolnPark", "NearNorthSide",
        "EdisonPark", "NorwoodPark", "JeffersonPark", "ForestGlen", "NorthPark", "AlbanyPark", "PortagePark", "IrvingPark",
        "Dunning", "Montclare", "BelmontCragin", "Hermosa", "Avondale", "LoganSquare", "HumboldtPark", "WestTown", "Austin",
        "WestGarfieldPark", "EastGarfieldPark", "NearWestSide", "NorthLawndale", "SouthLawndale", "LowerWestSide", "Loop",
        "NearSouthSide", "ArmourSquare", "Douglas", "Oakland", "FullerPark", "GrandBoulevard", "Kenwood", "WashingtonPark",
        "HydePark", "Woodlawn", "SouthShore", "Chatham", "AvalonPark", "SouthChicago", "Burnside", "CalumetHeights",
        "Roseland", "Pullman", "SouthDeering", "EastSide", "WestPullman", "Riverdale", "Hegewisch", "GarfieldRidge",
        "ArcherHeights", "BrightonPark", "McKinleyPark", "Bridgeport", "NewCity", "WestElsdon", "GagePark", "Clearing",
        "WestLawn", "ChicagoLawn", "WestEnglewood", "Englewood", "GreaterGrandCrossing", "Ashburn", "AuburnGresham",
        "Beverly", "WashingtonHeights", "MountGreenwood", "MorganPark", "OHare", "Edgewater",
    ];

    public static string Parameter => string.Join(',', All);

    /// <summary>The template with the 77 areas as the Neighbourhoods default (what cfn-lint expands), written to a temporary file.</summary>
    public static async Task<TemporaryFile> TemplateWithAllAsync(string templatePath, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(templatePath, cancellationToken);
        const string Default = "    Default: HydePark,Woodlawn,Kenwood\n";
        Assert.Contains(Default, text, StringComparison.Ordinal);
        return await TemporaryFile.WriteAsync(text.Replace(Default, $"    Default: {Parameter}\n", StringComparison.Ordinal), ".yaml", cancellationToken);
    }
}

/// <summary>A file deleted when the test is done with it.</summary>
internal sealed class TemporaryFile : IDisposable
{
    private TemporaryFile(string path) => Path = path;

    public string Path { get; }

    public static async Task<TemporaryFile> WriteAsync(string text, string extension, CancellationToken cancellationToken)
    {
        var file = new TemporaryFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ingestion-{Guid.NewGuid():N}{extension}"));
        await File.WriteAllTextAsync(file.Path, text, cancellationToken);
        return file;
    }

    public void Dispose() => File.Delete(Path);
}
