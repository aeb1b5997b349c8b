using System.Reflection;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The configuration keys a service's code reads, found in its assembly rather than listed by hand:
/// every options class's <c>SectionName</c> with each of its settable properties, and every constant
/// holding a full key (<c>StackOutputKey</c>, <c>AwsConfigurationKeys</c>). Environment variables map
/// onto them with <c>__</c> for <c>:</c>.
/// </summary>
internal static class ConfigurationKeysRead
{
    public static IReadOnlySet<string> Of(params string[] assemblyNames) =>
        assemblyNames.Select(Assembly.Load).SelectMany(KeysIn).ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static string KeyOf(string environmentVariable) => environmentVariable.Replace("__", ":", StringComparison.Ordinal);

    private static IEnumerable<string> KeysIn(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f is { IsLiteral: true } && f.FieldType == typeof(string))
                .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
            if (constants.TryGetValue("SectionName", out var section))
            {
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                {
                    yield return $"{section}:{property.Name}";
                }
            }

            foreach (var key in constants.Where(c => c.Key is "StackOutputKey" || type.Name == "AwsConfigurationKeys").Select(c => c.Value))
            {
                yield return key;
            }
        }
    }
}
