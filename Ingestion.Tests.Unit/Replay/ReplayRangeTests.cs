using System.Net;
using System.Text;
using Ingestion.Api.Replay;
using Ingestion.Tests.Api;

namespace Ingestion.Tests.Replay;

/// <summary>A replay covers a bounded range: wider ones are refused with a specific problem before anything starts.</summary>
public sealed class ReplayRangeTests(ApiHost api) : IClassFixture<ApiHost>
{
    [Theory]
    [InlineData("0001-01-01T00:00:00Z", "9999-01-01T00:00:00Z")]
    [InlineData("2026-11-01T00:00:00Z", "2026-12-02T00:00:01Z")]
    public async Task ARangeWiderThanAMonthIsRefusedWithItsLimit(string from, string to)
    {
        using var response = await api.Client.PostAsync("/replay", new StringContent(
            $$"""{"source":"noise","from":"{{from}}","to":"{{to}}"}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Replay range too large", problem.GetProperty("title").GetString());
        Assert.Equal(31 * 24, problem.GetProperty(ReplayProblems.MaxSpanHoursExtension).GetInt64());
        Assert.True(problem.GetProperty(ReplayProblems.RequestedHoursExtension).GetDouble() > 31 * 24);
        Assert.Null(response.Headers.Location);
    }
}
