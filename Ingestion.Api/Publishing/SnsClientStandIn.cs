using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Publishing;

// STAND-IN until Ingestion.Messaging's AddSnsClient lands on main: delete this file then.
internal static class SnsClientStandIn
{
    public static IServiceCollection AddSnsClient(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddSingleton<ISnsClient, UnavailableSnsClient>();
        return services;
    }

    private sealed class UnavailableSnsClient : ISnsClient
    {
        private static SnsException Unavailable() => new("The SNS client has not landed yet.", "Unreachable", null);

        public Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default) => throw Unavailable();

        public Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) => throw Unavailable();
    }
}
