using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// What ECS serves a task at AWS_CONTAINER_CREDENTIALS_FULL_URI (Fargate: the relative URI on
/// 169.254.170.2), on loopback: the task role's temporary keys, for requests that carry the
/// task's authorization token. Counts what it served, so a test knows the SDK's chain came here.
/// </summary>
internal sealed class ContainerCredentialsEndpoint : IAsyncDisposable
{
    public const string Token = "task-authorization-token";

    private readonly WebApplication _app;
    private int _served;

    private ContainerCredentialsEndpoint(WebApplication app) => _app = app;

    public Uri Uri { get; private set; } = null!;

    public int Served => Volatile.Read(ref _served);

    public static async Task<ContainerCredentialsEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new ContainerCredentialsEndpoint(app);
        app.MapGet("/v2/credentials/task", (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization != Token)
            {
                return Results.Unauthorized();
            }

            Interlocked.Increment(ref endpoint._served);
            return Results.Json(new Dictionary<string, string>
            {
                ["AccessKeyId"] = "ASIATASKROLEEXAMPLE",
                ["SecretAccessKey"] = "task-role-secret",
                ["Token"] = "task-role-session-token",
                ["Expiration"] = DateTimeOffset.UtcNow.AddHours(6).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                ["RoleArn"] = "arn:aws:iam::000000000000:role/ingestion-task",
            });
        });
        await app.StartAsync(cancellationToken);
        endpoint.Uri = new Uri(new Uri(app.Urls.Single()), "/v2/credentials/task");
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
