using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ingestion.Messaging;

namespace Ingestion.AppHost;

/// <summary>
/// Where the API's keys come from. Locally: one Aspire secret parameter per source,
/// <c>api-key-&lt;source&gt;</c>, and <c>api-key-admin</c> for /replay, generated on first run and
/// kept in the AppHost's user secrets (so a developer never invents one), shown masked on the
/// dashboard's Parameters, and settable with <c>--Parameters:api-key-sourceB=…</c>. On AWS: the
/// secrets the template creates in Secrets Manager, which the API reads itself.
/// </summary>
internal static class ApiKeys
{
    /// <param name="holders">Who holds a key: the template's key secrets (Ingestion::ApiKey), the sources and admin.</param>
    public static IResourceBuilder<ProjectResource> WithApiKeyParameters(
        this IResourceBuilder<ProjectResource> api, IReadOnlyList<string> holders)
    {
        var builder = api.ApplicationBuilder;
        var names = new List<string>();
        foreach (var principal in holders)
        {
            var name = $"api-key-{principal}";
            // Letters and digits only: a key pasted into a shell or a header needs no quoting.
            var key = builder.AddParameter(name, new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true, persist: true)
                .WithDescription(principal == ApiAccess.AdminHolder
                    ? "The admin key: POST /replay, and the API description outside Development."
                    : $"{principal}'s key: send it as X-Api-Key with POST /sources/{principal}/events.");
            api.WithEnvironment($"ApiKeys__{principal}__Current", key);
            names.Add(name);
        }

        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, _) =>
        {
            // Where to find the keys, never the keys: the console is a log.
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Ingestion.AppHost").LogInformation(
                "API keys: the parameters {Parameters} on the dashboard (Parameters, masked; or the api resource's environment), kept in the AppHost's user secrets: dotnet user-secrets list --project Ingestion.AppHost. Set one with --Parameters:api-key-<source>=<value>.",
                string.Join(", ", names));
            return Task.CompletedTask;
        });
        return api;
    }

    /// <summary>A deployed stack: the API reads the keys from the stack's secrets (ApiKeySecretPrefix) and refreshes them.</summary>
    public static IResourceBuilder<ProjectResource> WithApiKeysFromSecretsManager(this IResourceBuilder<ProjectResource> api) =>
        api.WithEnvironment("ApiKeySecrets__Enabled", "true");
}
