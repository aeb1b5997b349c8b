using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Ingestion.Tests.Api;

/// <summary>What DynamoDB could not store, or is not text at all, is a 400 naming the field, never a 202 or a 500.</summary>
public sealed class StorableInputTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;

    public StorableInputTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
    }

    [Theory]
    [InlineData("91.00000000000000000000000000000000000001")]
    [InlineData("1E-131")]
    public async Task AReadingWhoseNumberDynamoDbCannotHoldIsRejectedNamingTheField(string db)
    {
        var json = $$$"""{"entity_name":"READING","body":{"location":"HydePark","sensor":"01","timestamp":"2026-11-24T11:39:00Z","db":{{{db}}}}}""";

        var problem = await (await _api.PostAsync("noise", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("body.db", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task ALoneSurrogateIsRejectedNamingTheField()
    {
        var json = """[{"entity_name":"CONTRACT","body":{"contract_id":"c-1","contract_name":"\ud800","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}]""";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[0].body.contract_name", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task InvalidUtf8IsRejectedNamingTheField()
    {
        var before = Encoding.UTF8.GetBytes("""{"entity_name":"CONTRACT","body":{"contract_id":"c-1","contract_name":"Br""");
        var after = Encoding.UTF8.GetBytes("""idge","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""");
        using var content = new ByteArrayContent([.. before, 0xFF, 0xFE, .. after]);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");

        using var response = await _api.Client.PostAsync("/sources/sourceB/events", content, TestContext.Current.CancellationToken);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("body.contract_name", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AFieldNameThatIsNotUnicodeIsRejectedNamingItsObject()
    {
        var json = """{"entity_name":"CONTRACT","body":{"contract_id":"c-1","\udc00":"x","contract_name":"Bridge","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _), problem.ToString());
    }

    [Fact]
    public async Task ValidSupplementaryCharactersAreAccepted()
    {
        var json = """{"entity_name":"CONTRACT","body":{"contract_id":"c-1","contract_name":"Bridge \ud83c\udf09 Ω","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""";

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();
    }
}
