using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using Ingestion.Messaging.Aws;

namespace Ingestion.Tests.Messaging;

/// <summary>
/// Expected values are the published AWS Signature Version 4 test suite (aws-sig-v4-test-suite:
/// credentials AKIDEXAMPLE, region us-east-1, service "service", 2015-08-30T12:36:00Z).
/// </summary>
public sealed class SigV4SignerTests
{
    private static readonly ImmutableCredentials Suite = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static readonly DateTimeOffset SuiteTime = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private const string Scope = "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

    private const string SuiteSessionToken =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";

    [Fact]
    public void GetVanillaMatchesThePublishedSignature()
    {
        var result = Sign(HttpMethod.Get, "https://example.amazonaws.com/", new Dictionary<string, string>(), "", Suite);

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
            result.Authorization);
        Assert.Equal("20150830T123600Z", result.AmzDate);
        Assert.Null(result.SecurityToken);
    }

    [Fact]
    public void FormEncodedPostMatchesThePublishedCanonicalRequestAndSignature()
    {
        var result = Sign(
            HttpMethod.Post,
            "https://example.amazonaws.com/",
            new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            "Param1=value1",
            Suite);

        Assert.Equal(
            "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            + "content-type;host;x-amz-date\n9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
            result.CanonicalRequest);
        Assert.Equal(
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
            result.StringToSign);
        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a",
            result.Authorization);
    }

    [Fact]
    public void SessionTokenIsSignedAsAHeader()
    {
        var session = new ImmutableCredentials(Suite.AccessKey, Suite.SecretKey, SuiteSessionToken);

        var result = Sign(HttpMethod.Post, "https://example.amazonaws.com/", new Dictionary<string, string>(), "", session);

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential={Scope}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            result.Authorization);
        Assert.Equal(SuiteSessionToken, result.SecurityToken);
    }

    [Fact]
    public void QueryParametersAreSortedByName()
    {
        var result = Sign(HttpMethod.Get, "https://example.amazonaws.com/?Param2=value2&Param1=value1", new Dictionary<string, string>(), "", Suite);

        Assert.EndsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500", result.Authorization);
    }

    [Fact]
    public void SnsStyleRequestSignsLikeTheAwsSdkSigner()
    {
        // Independent check on a request shaped like ours (port, charset, session token): the
        // SDK's signer always signs x-amz-content-sha256, so ours is given that header too.
        var body = "Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At.fifo&Message=%7B%7D";
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
            ["x-amz-content-sha256"] = payloadHash,
        };
        var session = new SessionAWSCredentials("AKIDEXAMPLE", "secret", "token/with+chars==");

        var ours = SigV4Signer.Sign(
            HttpMethod.Post, new Uri("http://127.0.0.1:4566/"), headers, Encoding.UTF8.GetBytes(body),
            session.GetCredentials(), "eu-west-1", "sns", SuiteTime);

        var sdkRequest = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = new Uri("http://127.0.0.1:4566/"), Content = Encoding.UTF8.GetBytes(body) };
        foreach (var (name, value) in headers)
        {
            sdkRequest.Headers[name] = value;
        }

        var sdk = AWSSigV4Signer.Sign(sdkRequest, new AWSSigV4Parameters
        {
            Credentials = session,
            Region = RegionEndpoint.EUWest1,
            Service = "sns",
            SignedAt = SuiteTime.UtcDateTime,
        });

        Assert.Equal(sdk.Headers["Authorization"], ours.Authorization);
    }

    private static SigV4Result Sign(HttpMethod method, string uri, Dictionary<string, string> headers, string body, ImmutableCredentials credentials) =>
        SigV4Signer.Sign(method, new Uri(uri), headers, Encoding.UTF8.GetBytes(body), credentials, "us-east-1", "service", SuiteTime);
}
