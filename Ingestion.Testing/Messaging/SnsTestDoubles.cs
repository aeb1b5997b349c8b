using Amazon.Runtime;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Messaging;

internal static class SnsTestClients
{
    public const string TopicArn = "arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo";

    public static readonly DateTimeOffset SignedAt = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    /// <summary>
    /// A client on the fake handler with fixed credentials and time, no retry delay, and no
    /// trace-context injection, so bodies and signatures are exactly predictable.
    /// </summary>
    public static SnsClient Create(FakeSnsHandler handler, Action<SnsClientOptions>? configure = null)
    {
        var options = new SnsClientOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:4566/"),
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            RetryBaseDelay = TimeSpan.Zero,
            InjectTraceContext = false,
        };
        configure?.Invoke(options);
        return new SnsClient(handler.CreateClient(), options, new FixedTimeProvider(SignedAt));
    }

    public static string Success(string action, string result, string requestId = "req-1") =>
        $"""
        <{action}Response xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <{action}Result>{result}</{action}Result>
          <ResponseMetadata><RequestId>{requestId}</RequestId></ResponseMetadata>
        </{action}Response>
        """;

    public static string Error(string code, string message, string type = "Sender", string requestId = "req-err") =>
        $"""
        <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
          <Error><Type>{type}</Type><Code>{code}</Code><Message>{message}</Message></Error>
          <RequestId>{requestId}</RequestId>
        </ErrorResponse>
        """;
}
