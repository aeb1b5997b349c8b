using Ingestion.Messaging.Aws;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ingestion.Messaging.Sns;

public static class SnsServiceCollectionExtensions
{
    /// <summary>The IHttpClientFactory name of the SNS client's HttpClient.</summary>
    public const string HttpClientName = "Ingestion.Sns";

    /// <summary>
    /// Registers <see cref="ISnsClient"/> with its options from <c>AWS:Region</c> and
    /// <c>AWS:Endpoints:SNS</c> (docs/internals.md), validated at start-up.
    /// </summary>
    public static IHttpClientBuilder AddSnsClient(
        this IServiceCollection services, IConfiguration configuration, Action<SnsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SnsClientOptions>()
            .Configure(options =>
            {
                options.Region = configuration[AwsConfigurationKeys.Region] is { Length: > 0 } region ? region : options.Region;
                if (configuration[AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.Sns)] is { Length: > 0 } endpoint)
                {
                    options.ServiceUrl = Uri.TryCreate(endpoint, UriKind.Absolute, out var url)
                        ? url
                        : throw new OptionsValidationException(nameof(SnsClientOptions), typeof(SnsClientOptions),
                            [$"{AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.Sns)} is not an absolute URL: '{endpoint}'."]);
                }

                configure?.Invoke(options);
            })
            .Validate(options => options.Validate().Count == 0, "Invalid SnsClientOptions: check MaxAttempts, ServiceUrl and the retry delays.")
            .ValidateOnStart();

        // The client retries with the SDK's policy; a default resilience handler from ServiceDefaults
        // on top would multiply attempts and time out signed requests on its own schedule.
        // RemoveAllResilienceHandlers is marked experimental; the package version is pinned centrally,
        // so a change to it shows up as a build error here, not as a surprise at run time.
#pragma warning disable EXTEXP0001
        var client = services
            .AddHttpClient<ISnsClient, SnsClient>(HttpClientName, (httpClient, provider) =>
                new SnsClient(httpClient, provider.GetRequiredService<IOptions<SnsClientOptions>>().Value, provider.GetService<TimeProvider>()))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001

        // Off unless configured: the operation log and fault injection, like the SDK clients.
        foreach (var handler in AwsHttpHandlers.For(configuration, AwsConfigurationKeys.Sns))
        {
            client.AddHttpMessageHandler(handler);
        }

        return client;
    }
}
