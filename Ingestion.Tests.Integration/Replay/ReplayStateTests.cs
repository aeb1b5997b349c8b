using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Api.Replay;
using Ingestion.Api.Sources;
using Ingestion.Tests.Workers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Replay;

/// <summary>A replay's state lives in the table: any API instance answers GET /replay/{id}, not only the one that accepted it.</summary>
public sealed class ReplayStateTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplayAcceptedByOneInstanceIsAnsweredByAnother()
    {
        var job = new ReplayJob(Guid.CreateVersion7().ToString("N"), new SourceDefinition("noise", ["READING"]), Now.AddHours(-1), Now, null, Now);
        job.Started();
        job.ObjectRead();
        job.Replayed(7);
        await Store().SaveAsync(job.Snapshot(), Cancellation);

        // Another instance: its own store client, and no job of its own in memory.
        var answer = await ReplayApi.StatusAsync(job.Id, OtherInstanceJobs(), Store(), Cancellation);

        var status = Assert.IsType<Ok<ReplayStatus>>(answer.Result).Value!;
        Assert.Equal(job.Snapshot(), status);
        Assert.Equal(("running", 1L, 7L), (status.State, status.ObjectsRead, status.EventsReplayed));
    }

    [Fact]
    public async Task TheStateItemIsKeyedByTheReplayExpiresAndStaysOffTheIndex()
    {
        var job = new ReplayJob(Guid.CreateVersion7().ToString("N"), new SourceDefinition("noise", ["READING"]), Now.AddHours(-1), Now, null, Now);
        await Store().SaveAsync(job.Snapshot(), Cancellation);

        var item = (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new Dictionary<string, AttributeValue> { ["ID"] = new() { S = "REPLAY#" + job.Id } },
        }, Cancellation)).Item;

        Assert.Equal(Now.AddDays(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), item["EXPIRES_AT"].N);
        Assert.False(item.ContainsKey("ENTITY_NAME"));
        Assert.Equal(job.Id, JsonSerializer.Deserialize<ReplayStatus>(item["REPLAY_STATUS"].S)!.ReplayId);
    }

    [Fact]
    public async Task AReplayNoInstanceKnowsIsNotFound()
    {
        var answer = await ReplayApi.StatusAsync(Guid.CreateVersion7().ToString("N"), OtherInstanceJobs(), Store(), Cancellation);

        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<ProblemHttpResult>(answer.Result).StatusCode);
    }

    private ReplayJobStore Store() => new(
        dynalite.Client, Options.Create(new Ingestion.Api.Access.DataStoreTableOptions { DataStoreTableName = DynaliteFixture.TableName }), new FixedTime(Now), NullLogger<ReplayJobStore>.Instance);

    // Never started: Find only looks at the jobs this instance accepted, which are none.
    private ReplayJobs OtherInstanceJobs() => new(null!, Store(), TimeProvider.System, NullLogger<ReplayJobs>.Instance);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
