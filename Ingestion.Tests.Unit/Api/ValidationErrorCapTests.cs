using System.Net;
using System.Text;
using Ingestion.Api.Events;
using Ingestion.Api.Sources;

namespace Ingestion.Tests.Api;

/// <summary>A request full of bad values answers a bounded problem: the first errors listed, the rest counted.</summary>
public sealed class ValidationErrorCapTests : IClassFixture<ApiHost>
{
    private const int BadNumbers = 40_000;

    private readonly ApiHost _api;

    public ValidationErrorCapTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
    }

    [Fact]
    public async Task FortyThousandBadNumbersAnswerAFewKilobytesListingTheFirstAndCountingTheRest()
    {
        // 1e999 is a number JSON allows and DynamoDB cannot hold: one error per element.
        var json = new StringBuilder("""{"entity_name":"READING","body":{"location":"HydePark","sensor":"01","timestamp":"2026-11-24T11:39:00Z","db":85,"extra":[""");
        json.AppendJoin(',', Enumerable.Repeat("1e999", BadNumbers)).Append("]}}");
        Assert.InRange(Encoding.UTF8.GetByteCount(json.ToString()), 200 * 1024, IngestionLimits.MaxRequestBytes);

        using var response = await _api.PostAsync("noise", json.ToString());
        var size = (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length;
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(size < 32 * 1024, $"the problem is {size} bytes");
        var listed = problem.GetProperty("errors").EnumerateObject().Sum(field => field.Value.GetArrayLength());
        Assert.Equal(ValidationErrors.MaxListed, listed);
        Assert.Equal(BadNumbers - ValidationErrors.MaxListed, problem.GetProperty(ApiProblems.ErrorsNotListedExtension).GetInt32());
        Assert.True(problem.GetProperty("errors").TryGetProperty("body.extra[0]", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AFewErrorsAreAllListedAndNoneCountedApart()
    {
        var json = """[{"entity_name":"CONTRACT","body":{"contract_id":"c-1"}},{"entity_name":"CONTRACT","body":{"contract_id":"c-2"}}]""";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[1].body.contract_name", out _), problem.ToString());
        Assert.Equal(0, problem.GetProperty(ApiProblems.ErrorsNotListedExtension).GetInt32());
    }

    [Fact]
    public void ErrorsPastTheCapAreCountedButNotKept()
    {
        var errors = new ValidationErrors();
        for (var index = 0; index < ValidationErrors.MaxListed + 5; index++)
        {
            errors.Add($"[{index}].body", "is wrong");
        }

        Assert.Equal(ValidationErrors.MaxListed + 5, errors.Count);
        Assert.Equal(5, errors.NotListed);
        Assert.Equal(ValidationErrors.MaxListed, errors.ToDictionary().Count);
        Assert.False(errors.ToDictionary().ContainsKey($"[{ValidationErrors.MaxListed}].body"));
    }
}
