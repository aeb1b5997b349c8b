namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>The resource types the local deployer knows, each with its provisioner.</summary>
internal static class ResourceProvisioners
{
    public static IReadOnlyDictionary<string, IResourceProvisioner> For(LocalAwsClients clients)
    {
        IResourceProvisioner[] provisioners =
        [
            new SnsTopicProvisioner(clients.Sns),
            new SnsSubscriptionProvisioner(clients.Sns),
            new SqsQueueProvisioner(clients.Sqs),
            new SqsQueuePolicyProvisioner(clients.Sqs),
            new DynamoDbTableProvisioner(clients.DynamoDb),
            new S3BucketProvisioner(clients.S3),
            new NoLocalMeaningProvisioner(),
        ];
        return provisioners
            .SelectMany(p => p.ResourceTypes.Select(type => (type, p)))
            .ToDictionary(entry => entry.type, entry => entry.p, StringComparer.Ordinal);
    }
}
