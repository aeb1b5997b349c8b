using System.Net;
using System.Text;

namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// The error responses each service really sends when it throttles or fails, so the client under
/// test parses, classifies and retries them exactly as it would on AWS (the SDK reads the error code
/// from the JSON <c>__type</c> or the XML <c>Code</c>).
/// </summary>
internal static class ChaosResponses
{
    public static HttpResponseMessage Throttle(string service) => service switch
    {
        AwsConfigurationKeys.DynamoDb => Json(HttpStatusCode.BadRequest, "1.0",
            "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
        AwsConfigurationKeys.Sqs => Json(HttpStatusCode.BadRequest, "1.0", "com.amazonaws.sqs#RequestThrottled", "Rate exceeded"),
        AwsConfigurationKeys.Sns => Query(HttpStatusCode.BadRequest, "Sender", "Throttled", "Rate exceeded"),
        AwsConfigurationKeys.S3 => S3(HttpStatusCode.ServiceUnavailable, "SlowDown", "Please reduce your request rate."),
        _ => Json(HttpStatusCode.BadRequest, "1.1", "ThrottlingException", "Rate exceeded"),
    };

    public static HttpResponseMessage ServerError(string service) => service switch
    {
        AwsConfigurationKeys.DynamoDb => Json(HttpStatusCode.InternalServerError, "1.0",
            "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error"),
        AwsConfigurationKeys.Sqs => Json(HttpStatusCode.InternalServerError, "1.0", "com.amazonaws.sqs#InternalFailure", "Internal failure"),
        AwsConfigurationKeys.Sns => Query(HttpStatusCode.InternalServerError, "Receiver", "InternalFailure", "Internal failure"),
        AwsConfigurationKeys.S3 => S3(HttpStatusCode.InternalServerError, "InternalError", "We encountered an internal error. Please try again."),
        _ => Json(HttpStatusCode.InternalServerError, "1.1", "InternalServiceError", "Internal service error"),
    };

    private static HttpResponseMessage Json(HttpStatusCode status, string version, string type, string message) =>
        Response(status, $$"""{"__type":"{{type}}","message":"{{message}}"}""", $"application/x-amz-json-{version}");

    private static HttpResponseMessage Query(HttpStatusCode status, string kind, string code, string message) => Response(status,
        $"""<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>{kind}</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>{RequestId()}</RequestId></ErrorResponse>""",
        "text/xml");

    private static HttpResponseMessage S3(HttpStatusCode status, string code, string message) => Response(status,
        $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>{RequestId()}</RequestId></Error>""",
        "application/xml");

    private static HttpResponseMessage Response(HttpStatusCode status, string body, string contentType)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        response.Headers.TryAddWithoutValidation("x-amzn-RequestId", RequestId());
        return response;
    }

    private static string RequestId() => Guid.NewGuid().ToString();
}
