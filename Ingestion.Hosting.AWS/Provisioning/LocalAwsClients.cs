using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Messaging.Sns;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// The clients the local deployer talks to, bound to the emulators by whoever builds this.
/// A record of interfaces so tests can hand in fakes.
/// </summary>
public sealed record LocalAwsClients(ISnsClient Sns, IAmazonSQS Sqs, IAmazonDynamoDB DynamoDb, IAmazonS3 S3);
