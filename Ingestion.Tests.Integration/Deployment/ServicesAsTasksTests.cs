using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ingestion.Hosting.Emulators;
using Ingestion.Tests.Api;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The API and a worker started as ECS starts their tasks (environment only, Production by
/// default, the task role's keys from the container-credentials endpoint), against the template
/// deployed into the emulators: a posted event is stored, and SIGTERM stops each cleanly within
/// ECS's default stop timeout. deploy/images/verify-offline.sh runs this class on the unpacked images.
/// </summary>
public sealed class ServicesAsTasksTests(TaskEnvironment aws, ITestOutputHelper output) : IClassFixture<TaskEnvironment>
{
    /// <summary>ECS's default stopTimeout: SIGKILL follows SIGTERM after this.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task APostedEventIsStoredAndEachTaskStopsCleanlyOnSigterm()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var launcher = new TaskLauncher();
        var apiPort = LoopbackPorts.Free();
        var started = Stopwatch.StartNew();
        await using var api = launcher.Start("ingestion-api", "Ingestion.Api", aws.ApiEnvironment(apiPort));
        await using var worker = launcher.Start("ingestion-worker", "Ingestion.Workers", aws.WorkerEnvironment("sourceB", LoopbackPorts.Free()));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
        await WaitHealthyAsync(http, api, cancellationToken);
        output.WriteLine($"{(launcher.RunsImages ? "images" : "build output")}: API healthy {started.Elapsed.TotalSeconds:0.0} s after start");

        var contractId = $"task-{Guid.NewGuid():N}";
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/sources/sourceB/events") { Content = new StringContent(SampleEvents.Contract(contractId), Encoding.UTF8, "application/json") })
        {
            request.Headers.Add("X-Api-Key", TaskEnvironment.ApiKey("sourceB"));
            using var response = await http.SendAsync(request, cancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}\n{api.Output}");
        }

        // Read back by the AWS SDK for JavaScript: the worker task stored it, as sent.
        var item = await Support.Eventually.GetAsync(
            async () =>
            {
                Assert.False(worker.HasExited, $"the worker exited:\n{worker.Output}");
                var result = await AwsJs.SendAsync("dynamodb", "GetItem", aws.DynamoDbEndpoint, new JsonObject
                {
                    ["TableName"] = aws.Stack.Outputs["DataStoreTableName"],
                    ["Key"] = new JsonObject { ["ID"] = new JsonObject { ["S"] = $"CONTRACT#{contractId}" } },
                }, cancellationToken);
                return result["Item"];
            },
            TimeSpan.FromSeconds(60), "the worker task to store the event", cancellationToken);
        Assert.Equal("CONTRACT", item["ENTITY_NAME"]?["S"]?.GetValue<string>());
        output.WriteLine($"event stored {started.Elapsed.TotalSeconds:0.0} s after start");

        // The SDK's default chain found the task role's keys where ECS serves them (no keys in the environment).
        Assert.True(aws.CredentialsServed >= 2, $"the container credentials endpoint served {aws.CredentialsServed} requests");

        foreach (var (name, task) in new[] { ("worker", worker), ("API", api) })
        {
            var stopped = await task.TerminateAsync(StopTimeout, cancellationToken);
            Assert.True(stopped is not null, $"the {name} did not stop within {StopTimeout.TotalSeconds:0} s of SIGTERM:\n{task.Output}");
            Assert.True(task.ExitCode == 0, $"the {name} exited with {task.ExitCode} after SIGTERM:\n{task.Output}");
            output.WriteLine($"{name} exited 0 {stopped!.Value.TotalSeconds:0.0} s after SIGTERM");
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http, TaskProcess api, CancellationToken cancellationToken) =>
        await Support.Eventually.TrueAsync(
            async () =>
            {
                Assert.False(api.HasExited, $"the API exited with {(api.HasExited ? api.ExitCode : 0)}:\n{api.Output}");
                try
                {
                    using var response = await http.GetAsync("/health", cancellationToken);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            StartTimeout, "the API task to answer /health", cancellationToken);
}
