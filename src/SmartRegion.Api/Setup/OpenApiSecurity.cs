using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// The credentials the API accepts, as OpenAPI security schemes. Each is an alternative: a secured operation
/// lists one requirement per scheme (API key or JWT bearer token).
/// </summary>
internal static class OpenApiSecurity
{
    public static readonly IReadOnlyList<(string Name, OpenApiSecurityScheme Scheme)> Schemes =
    [
        (ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Authorization",
            Description = "An API key of the caller's role and region, sent as `Authorization: ApiKey <key>` " +
                "(the value is the word ApiKey, a space and the key). Keys are shown once, when they are created.",
        }),
        (BearerTokenCallers.SchemeName, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A JWT access token of the identity provider the deployment configures (Auth:Jwt, e.g. Keycloak or " +
                "Microsoft Entra ID), sent as `Authorization: Bearer <token>`. Its claims name the role, the region's slug " +
                "and, for members, the AGS (claim names are configuration); it grants exactly what an API key of that role would.",
        }),
    ];

    public static void AddTo(SwaggerGenOptions options)
    {
        foreach (var (name, scheme) in Schemes)
        {
            options.AddSecurityDefinition(name, scheme);
        }

        options.AddOperationFilterInstance(new RequirementFilter());
    }

    /// <summary>
    /// Lists the schemes on every operation that is not explicitly public (plus the empty requirement on those that allow
    /// public reads, see <see cref="PublicReadDeclaration"/>), and the 401 it answers without valid
    /// credentials (401) or with a credential its role or member binding does not allow (403). Endpoints are secure by default: only <see cref="IAllowAnonymous"/> (FastEndpoints'
    /// <c>AllowAnonymous()</c>) makes one public, exactly as the authorization middleware decides.
    /// </summary>
    private sealed class RequirementFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
            {
                return;
            }

            operation.Security = Schemes
                .Select(entry => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(entry.Name, context.Document)] = [] })
                .ToList();
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<PublicReadDeclaration>().Any())
            {
                // The empty requirement: no credential at all, which works while the region has publicRead.
                operation.Security.Add(new OpenApiSecurityRequirement());
            }

            OpenApiResponsesFilter.EnsureProblem(operation, context, StatusCodes.Status401Unauthorized);
            OpenApiResponsesFilter.EnsureProblem(operation, context, StatusCodes.Status403Forbidden);
        }
    }
}
