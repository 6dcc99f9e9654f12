using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FastEndpoints;
using Microsoft.OpenApi;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Documents route and query parameters from a FastEndpoints request type. ApiExplorer sees FastEndpoints
/// handlers as parameterless, so without this the document has no parameters and the route-bound properties
/// appear in the request body instead.
/// </summary>
internal sealed partial class OpenApiRequestFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var requestType = context.ApiDescription.ActionDescriptor.EndpointMetadata
            .OfType<EndpointDefinition>().FirstOrDefault()?.ReqDtoType;
        if (requestType is null)
        {
            return;
        }

        var properties = requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .ToList();
        var bound = new List<PropertyInfo>();
        var parameters = operation.Parameters ??= [];

        foreach (var segment in RouteSegments(context.ApiDescription.RelativePath))
        {
            var property = properties.FirstOrDefault(p => string.Equals(BindingName(p), segment, StringComparison.OrdinalIgnoreCase));
            if (property is not null)
            {
                bound.Add(property);
            }

            Add(parameters, Parameter(segment, ParameterLocation.Path, property, context));
        }

        foreach (var property in properties.Where(p => p.IsDefined(typeof(QueryParamAttribute), inherit: true)).Except(bound))
        {
            bound.Add(property);
            Add(parameters, Parameter(QueryName(property), ParameterLocation.Query, property, context));
        }

        RemoveFromBody(operation, context, bound.Select(JsonName).ToHashSet(StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The <c>{name}</c> segments of a route template, without constraints, defaults or catch-all stars.</summary>
    private static IEnumerable<string> RouteSegments(string? relativePath) =>
        relativePath is null ? [] : RouteParameter().Matches(relativePath).Select(match => match.Groups["name"].Value);

    private static void Add(IList<IOpenApiParameter> parameters, OpenApiParameter parameter)
    {
        if (!parameters.Any(p => p.In == parameter.In && string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)))
        {
            parameters.Add(parameter);
        }
    }

    private static OpenApiParameter Parameter(string name, ParameterLocation location, PropertyInfo? property, OperationFilterContext context)
    {
        var type = property?.PropertyType ?? typeof(string);
        // With the member, the generator reads its XML comment and data annotations; the description belongs on the
        // parameter, and an absent query parameter is simply not sent, so "nullable" would only confuse clients.
        var schema = context.SchemaGenerator.GenerateSchema(Nullable.GetUnderlyingType(type) ?? type, context.SchemaRepository, memberInfo: property);
        var description = schema.Description;
        if (schema is OpenApiSchemaReference reference)
        {
            reference.Description = null;
        }

        if (schema is OpenApiSchema inline)
        {
            inline.Description = null;
            inline.Type &= ~JsonSchemaType.Null;
            if (property is not null && IsPageLimit(property))
            {
                inline.Minimum = "1";
                inline.Maximum = PageQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                inline.Default = PageQuery.DefaultLimit;
            }
        }

        return new OpenApiParameter
        {
            Name = name,
            In = location,
            // OpenAPI requires path parameters to be required; query parameters are optional filters.
            Required = location == ParameterLocation.Path,
            Description = description,
            Schema = schema,
        };
    }

    /// <summary>
    /// The paging limit's bounds live in <see cref="PageQueryRules"/> (FluentValidation), which the schema generator
    /// cannot see; every list inherits the property, so naming it here documents all of them.
    /// </summary>
    private static bool IsPageLimit(PropertyInfo property) =>
        property.DeclaringType == typeof(PageQuery) && property.Name == nameof(PageQuery.Limit);

    /// <summary>
    /// Takes route- and query-bound properties out of the body schema, and drops bodies a GET or DELETE cannot
    /// have or that are left empty. A body schema is usually a shared component: removing these properties from it
    /// is right for every operation using that request type, since they are never read from a body, and doing it
    /// again for the next operation changes nothing.
    /// </summary>
    private static void RemoveFromBody(OpenApiOperation operation, OperationFilterContext context, HashSet<string> boundNames)
    {
        if (operation.RequestBody is not { Content: { } content })
        {
            return;
        }

        if (HttpMethods.IsGet(context.ApiDescription.HttpMethod ?? string.Empty) || HttpMethods.IsDelete(context.ApiDescription.HttpMethod ?? string.Empty))
        {
            operation.RequestBody = null;
            return;
        }

        var remaining = 0;
        foreach (var media in content.Values)
        {
            if (Target(media.Schema, context) is not { } schema)
            {
                remaining++;
                continue;
            }

            foreach (var name in schema.Properties?.Keys.Where(boundNames.Contains).ToList() ?? [])
            {
                schema.Properties!.Remove(name);
                schema.Required?.Remove(name);
            }

            remaining += schema.Properties?.Count ?? 0;
        }

        if (remaining == 0)
        {
            operation.RequestBody = null;
        }
    }

    /// <summary>The schema to edit: the component a reference points to, or the inline schema itself.</summary>
    private static OpenApiSchema? Target(IOpenApiSchema? schema, OperationFilterContext context) => schema switch
    {
        OpenApiSchemaReference { Reference.Id: { } id } when context.SchemaRepository.Schemas.TryGetValue(id, out var component) => component as OpenApiSchema,
        OpenApiSchema inline => inline,
        _ => null,
    };

    private static string BindingName(PropertyInfo property) =>
        property.GetCustomAttribute<BindFromAttribute>()?.Name ?? property.Name;

    /// <summary>FastEndpoints matches query keys case-insensitively; the document shows the API's camelCase.</summary>
    private static string QueryName(PropertyInfo property) =>
        property.GetCustomAttribute<BindFromAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    [GeneratedRegex(@"\{\**(?<name>[^{}:=?*]+)[^{}]*\}")]
    private static partial Regex RouteParameter();
}
