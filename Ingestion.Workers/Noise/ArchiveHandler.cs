using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>Configuration: the archive bucket, from the template's ArchiveBucketName output.</summary>
internal sealed class ArchiveOptions
{
    public const string SectionName = "AWS:Resources";

    public string ArchiveBucketName { get; set; } = "";
}

/// <summary>
/// The archive processor: every accepted event, whatever its source, written to S3 as one
/// object under its source and hour of receipt (<see cref="ArchiveKeys"/>), as the API
/// published it, for POST /replay. Writing the same event again writes the same key.
/// </summary>
internal sealed class ArchiveHandler<TEntity>(IAmazonS3 s3, IOptions<ArchiveOptions> options) : IMessageHandler<TEntity>
    where TEntity : IStoredEntity
{
    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<TEntity> message, CancellationToken cancellationToken)
    {
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = options.Value.ArchiveBucketName,
            Key = ArchiveKeys.For(message.Event),
            ContentBody = JsonSerializer.Serialize(message.Event),
            ContentType = "application/json",
        }, cancellationToken);
        return MessageHandlerResult.Success;
    }
}
