using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Messaging.Aws.SecretsManager;

/// <summary>
/// The one Secrets Manager call the API makes, GetSecretValue, over the service's JSON 1.1
/// protocol with our SigV4 signer: AWSSDK.SecretsManager is not served here. Shaped so that
/// package's <c>IAmazonSecretsManager.GetSecretValueAsync</c> can replace it in one place.
/// </summary>
public sealed class SecretsManagerClient(HttpClient httpClient, Uri endpoint, string region, AWSCredentials? credentials = null)
{
    public const string ServiceKey = "SecretsManager";
    private const string SigningService = "secretsmanager";
    private const string ContentType = "application/x-amz-json-1.1";

    public static SecretsManagerClient FromConfiguration(IConfiguration configuration, HttpClient httpClient)
    {
        var region = configuration[AwsConfigurationKeys.Region] is { Length: > 0 } configured
            ? configured
            : FallbackRegionFactory.GetRegionEndpoint()?.SystemName
              ?? throw new InvalidOperationException("No AWS region for Secrets Manager: set AWS:Region (or AWS_REGION).");
        var endpoint = configuration[AwsConfigurationKeys.Endpoint(ServiceKey)] is { Length: > 0 } url
            ? new Uri(url)
            : new Uri($"https://secretsmanager.{region}.{RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix ?? "amazonaws.com"}/");
        return new SecretsManagerClient(httpClient, endpoint, region);
    }

    /// <summary>The secret's SecretString; throws <see cref="SecretsManagerException"/> with the service's error code.</summary>
    public async Task<string> GetSecretStringAsync(string secretId, CancellationToken cancellationToken)
    {
        const string target = "secretsmanager.GetSecretValue";
        var body = JsonSerializer.SerializeToUtf8Bytes(new GetSecretValueRequest(secretId), SecretsManagerJson.Default.GetSecretValueRequest);
        var resolved = await (credentials ?? await DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null).ConfigureAwait(false))
            .GetCredentialsAsync().ConfigureAwait(false);
        var signature = SigV4Signer.Sign(HttpMethod.Post, endpoint,
            new Dictionary<string, string> { ["content-type"] = ContentType, ["x-amz-target"] = target },
            body, resolved, region, SigningService, DateTimeOffset.UtcNow);

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        signature.AddTo(request);

        using var response = await httpClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryParse(text, SecretsManagerJson.Default.ErrorResponse);
            var code = error?.Type?.Split('#').Last() ?? $"HTTP {(int)response.StatusCode}";
            // The message is the service's, about the secret's id; a secret's value never appears in an error.
            throw new SecretsManagerException(code, $"GetSecretValue {secretId}: {code} {error?.Message ?? error?.MessageUpper}".TrimEnd());
        }

        return TryParse(text, SecretsManagerJson.Default.GetSecretValueResponse)?.SecretString
            ?? throw new SecretsManagerException("NoSecretString", $"GetSecretValue {secretId}: the secret holds no SecretString (binary secrets are not keys).");
    }

    private static T? TryParse<T>(string text, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return JsonSerializer.Deserialize(text, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

public sealed class SecretsManagerException(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}

internal sealed record GetSecretValueRequest(string SecretId);

internal sealed record GetSecretValueResponse(string? SecretString);

internal sealed record ErrorResponse(
    [property: JsonPropertyName("__type")] string? Type,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("Message")] string? MessageUpper);

[JsonSerializable(typeof(GetSecretValueRequest))]
[JsonSerializable(typeof(GetSecretValueResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class SecretsManagerJson : JsonSerializerContext;
