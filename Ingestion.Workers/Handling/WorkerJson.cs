using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Workers.Handling;

internal static class WorkerJson
{
    /// <summary>
    /// Strict reading: a missing required field or a null where none is allowed is an error,
    /// so a bad event fails (and reaches the DLQ) instead of being stored half-empty.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };
}
