using System.Diagnostics;
using Ingestion.Api.Access;
using Ingestion.Api.Events;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Api.Publishing;
using Ingestion.Api.Replay;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.SecretsManager;
using Ingestion.Api.Sources;
using Ingestion.Messaging.Sns;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Ingestion.Api;

public static class IngestionApiExtensions
{
    public static TBuilder AddIngestionApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;

        // Every error is problem+json carrying the trace id, the framework's own 404/405/500 included.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.Remove("traceId");
            context.ProblemDetails.Extensions["trace_id"] = Activity.Current?.TraceId.ToHexString() ?? context.HttpContext.TraceIdentifier;
        });
        services.AddOpenApi(options => options.AddDocumentTransformer(ApiKeyDocumentation.DescribeAsync));

        // Who may call: a source's own X-Api-Key for its events, the admin key for replay; and how fast.
        services.AddSingleton<ApiKeyRing>();
        AddApiKeySecrets(builder);
        services.AddHostedService<AccessStartupCheck>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, configureOptions: null);
        services.AddAuthorization(AccessPolicies.Add);
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName);
        services.AddSingleton<SourceThrottle>();
        // Several API tasks share each source's limit: they count themselves in the datastore table.
        services.AddOptions<DataStoreTableOptions>().BindConfiguration(DataStoreTableOptions.SectionName)
            .Validate<IOptions<RateLimitOptions>>((table, rates) => !rates.Value.ShareAcrossInstances || table.DataStoreTableName.Length > 0, DataStoreTableOptions.Missing)
            .ValidateOnStart();
        services.TryAddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(AwsServiceConfig.Configure(new AmazonDynamoDBConfig(), builder.Configuration, AwsConfigurationKeys.DynamoDb)));
        services.AddSingleton<ApiInstanceCount>();
        services.AddHostedService(provider => provider.GetRequiredService<ApiInstanceCount>());

        // Which source sends which entities; a new source is a schema class and one line here.
        services.AddSupplyChainSources();
        services.AddNoiseSource();

        // A missing or wrong topic ARN stops the API at start, not at its first request.
        services.AddOptions<IngestionTopicOptions>().BindConfiguration(IngestionTopicOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublishingOptions>().BindConfiguration(PublishingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSnsClient(builder.Configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EventRequestValidator>();

        // Each event's stamp comes from this instance's own clock: accepting an event needs no data store.
        services.AddSingleton<EventClock>();
        services.AddSingleton<PublishBatchSender>();
        services.AddSingleton<SingleEventBatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<SingleEventBatcher>());
        services.AddSingleton<EventPublisher>();

        // Replay reads the archive (S3) and may aim at one queue (SQS) directly.
        services.AddOptions<ReplayOptions>().BindConfiguration(ReplayOptions.SectionName);
        services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(AwsServiceConfig.Configure(new AmazonS3Config { ForcePathStyle = true }, builder.Configuration, AwsConfigurationKeys.S3)));
        services.AddSingleton<IAmazonSQS>(_ => new AmazonSQSClient(AwsServiceConfig.Configure(new AmazonSQSConfig(), builder.Configuration, AwsConfigurationKeys.Sqs)));
        services.AddSingleton<ArchiveReplayer>();
        services.AddSingleton<SubscriberQueues>();
        services.AddSingleton<ReplayJobStore>();
        services.AddSingleton<ReplayJobs>();
        services.AddHostedService(provider => provider.GetRequiredService<ReplayJobs>());
        return builder;
    }

    /// <summary>
    /// The API's pipeline and endpoints: error responses, keys, the events and replay APIs, and
    /// OpenAPI at /openapi/v1.json with Scalar at /scalar (open in Development, else admin key only:
    /// the description lists every source, which is no business of a stranger's).
    /// </summary>
    public static WebApplication UseIngestionApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        var openApi = app.MapOpenApi();
        var scalar = app.MapScalarApiReference();
        if (!app.Environment.IsDevelopment())
        {
            openApi.RequireAuthorization(AccessPolicies.AdminKey);
            scalar.RequireAuthorization(AccessPolicies.AdminKey);
        }

        app.MapEventsApi();
        app.MapReplayApi();
        return app;
    }

    /// <summary>On AWS (ApiKeySecrets:Enabled) the keys come from the stack's Secrets Manager secrets rather than configuration.</summary>
    private static void AddApiKeySecrets(IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiKeySecretsOptions.SectionName).Get<ApiKeySecretsOptions>() ?? new ApiKeySecretsOptions();
        if (!options.Enabled)
        {
            return;
        }

        options.Prefix ??= builder.Configuration[AwsConfigurationKeys.Resource(StackOutputNames.ApiKeySecretPrefix)];
        options.Validate();
        var secrets = new ApiKeySecrets();
        ((IConfigurationBuilder)builder.Configuration).Add(secrets);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => SecretsManagerClient.FromConfiguration(builder.Configuration,
            AwsHttpHandlers.CreateHttpClient(builder.Configuration, SecretsManagerClient.ServiceKey, TimeSpan.FromSeconds(10))));
        builder.Services.AddHostedService<ApiKeySecretsRefresher>();
    }
}
