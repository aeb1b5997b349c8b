using System.Globalization;
using System.Text;
using Ingestion.Benchmarks.HotKeys;

namespace Ingestion.Benchmarks.Reporting;

/// <summary>The report's hot-key section: the top partition keys at the target load and the write units per event by entity.</summary>
internal static class HotKeyMarkdown
{
    public static void Write(StringBuilder md, HotKeySummary? hotKeys)
    {
        if (hotKeys is null)
        {
            return;
        }

        md.AppendLine().AppendLine(Inv($"## Hot keys at {hotKeys.AtEventsPerSecond:N0} events/s (10,000 sensors once a second, plus 2,000 supply-chain events/s)")).AppendLine();
        md.AppendLine(Inv($"DynamoDB caps one partition key, a table's or an index's, at {hotKeys.PartitionLimit:N0} write units/s. The busiest key would receive **{hotKeys.MaxWriteUnitsPerSecond:N0} write units/s**: `{hotKeys.Key}`. How it is computed: docs/benchmark/hot-keys.md.")).AppendLine();
        md.AppendLine("| table or index key | write units/s at the target | write units in the run |").AppendLine("| --- | --- | --- |");
        foreach (var key in hotKeys.Top)
        {
            md.AppendLine(Inv($"| `{key.Key}` | {key.WriteUnitsPerSecond:N1} | {key.RunWriteUnits:N0} |"));
        }

        md.AppendLine().AppendLine("| entity | events in the run | write units per event, items | on indexes | in all |").AppendLine("| --- | --- | --- | --- | --- |");
        foreach (var entity in hotKeys.WriteUnitsPerEvent)
        {
            md.AppendLine(Inv($"| {entity.Entity} | {entity.Events:N0} | {entity.TablePerEvent:N2} | {entity.IndexesPerEvent:N2} | {entity.TotalPerEvent:N2} |"));
        }
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
