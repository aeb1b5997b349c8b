using System.Reflection;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Tests.Workers;

/// <summary>
/// A real DynamoDB client (dynalite) whose PutItem calls fail while a test says so: a worker that
/// dies between two writes, or an item write that never succeeds. Every other call goes through.
/// </summary>
public class FailingDynamoDb : DispatchProxy
{
    private IAmazonDynamoDB _inner = null!;
    private Func<PutItemRequest, bool> _fails = _ => false;

    /// <summary>PutItem requests (and batches holding such a put) it refuses, with an InternalServerErrorException as DynamoDB would on a bad day.</summary>
    public Func<PutItemRequest, bool> Fails
    {
        get => _fails;
        set => _fails = value;
    }

    public static (IAmazonDynamoDB Client, FailingDynamoDb Control) Wrap(IAmazonDynamoDB inner)
    {
        var client = Create<IAmazonDynamoDB, FailingDynamoDb>();
        var control = (FailingDynamoDb)(object)client;
        control._inner = inner;
        return (client, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAmazonDynamoDB.PutItemAsync) && args?[0] is PutItemRequest request && _fails(request))
        {
            return Task.FromException<PutItemResponse>(new InternalServerErrorException($"injected failure writing {request.Item["ID"].S}"));
        }

        // A batch of puts fails as a whole when one of its items would have (the applied records are written in batches).
        if (targetMethod.Name == nameof(IAmazonDynamoDB.BatchWriteItemAsync) && args?[0] is BatchWriteItemRequest batch
            && batch.RequestItems.Values.SelectMany(writes => writes).FirstOrDefault(write => write.PutRequest is { } put && _fails(new PutItemRequest { Item = put.Item })) is { } failing)
        {
            return Task.FromException<BatchWriteItemResponse>(new InternalServerErrorException($"injected failure writing {failing.PutRequest.Item["ID"].S}"));
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            throw exception.InnerException;
        }
    }
}
