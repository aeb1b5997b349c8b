using Ingestion.Messaging;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ingestion.Api.Access;

/// <summary>Tells the OpenAPI document (and so Scalar's "try it") that requests carry X-Api-Key.</summary>
internal static class ApiKeyDocumentation
{
    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiAccess.KeyHeader,
            Description = "Each source's own key (the AppHost's parameter api-key-<source>); /replay takes the admin key (api-key-admin).",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [],
        });
        return Task.CompletedTask;
    }
}
