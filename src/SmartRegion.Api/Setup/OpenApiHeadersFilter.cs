using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Documents the headers of the API conventions, inferred from what an operation already declares, so no endpoint
/// repeats them: a 428 means it requires <c>If-Match</c>, a 304 that it honours <c>If-None-Match</c>, a POST below
/// <c>/api/</c> takes <c>Idempotency-Key</c> (and can answer its 409 and 422), a success body with a <c>version</c>
/// comes with its <c>ETag</c>, a 201 with its <c>Location</c> and a page of a list with <c>Link: rel="next"</c>.
/// Runs before <see cref="OpenApiResponsesFilter"/>, which completes and sorts the responses it adds.
/// </summary>
internal sealed class OpenApiHeadersFilter : IOperationFilter
{
    private const string Ok = "200";
    private const string Created = "201";
    private const string NotModified = "304";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var responses = operation.Responses ??= [];
        var method = context.ApiDescription.HttpMethod ?? string.Empty;
        var underApi = context.ApiDescription.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
        var success = SuccessSchema(responses, context);
        var isList = success is not null && IsPage(success);
        var requiresIfMatch = Declares(responses, StatusCodes.Status428PreconditionRequired);
        var honoursIfNoneMatch = HttpMethods.IsGet(method) && responses.ContainsKey(NotModified);

        if (requiresIfMatch)
        {
            AddHeaderParameter(operation, "If-Match", required: true, new OpenApiSchema { Type = JsonSchemaType.String }, isList
                ? "The list's current ETag, as the last read of the list returned it."
                : "The resource's current ETag (its version in quotes, e.g. \"3\").");
        }

        if (honoursIfNoneMatch)
        {
            AddHeaderParameter(operation, "If-None-Match", required: false, new OpenApiSchema { Type = JsonSchemaType.String },
                "The ETag of an earlier read; while it is still current the answer is 304 without a body.");
        }

        if (underApi && HttpMethods.IsPost(method) && !context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any())
        {
            DocumentIdempotency(operation, context);
        }

        // An operation that takes a validator (If-Match or If-None-Match) hands out the current one, also for a list.
        var sendsETag = success is not null && (HasVersion(success) || requiresIfMatch || honoursIfNoneMatch);
        foreach (var (key, response) in responses)
        {
            if (response is not OpenApiResponse concrete)
            {
                continue;
            }

            if (sendsETag && key is Ok or Created or NotModified)
            {
                AddHeader(concrete, "ETag", required: true, key == NotModified
                    ? "The current ETag, the one `If-None-Match` named."
                    : !HasVersion(success!)
                        && !isList
                        ? "A validator of this derived answer (it changes exactly when the answer does); send it in `If-None-Match` to read again only when changed."
                    : isList
                        ? "The ETag of the whole list (it changes when any item is added, changed, moved or removed); send it in `If-None-Match` to read again only when changed, or in `If-Match` of a command on the list."
                        : "The resource's version in quotes (e.g. \"3\"); send it in `If-Match` to change the resource, or in `If-None-Match` to read it again only when changed.");
            }

            if (key == Created)
            {
                AddHeader(concrete, "Location", required: true, "The path of the created resource, where it can be read.");
            }

            if (key == Ok && isList && HttpMethods.IsGet(method))
            {
                AddHeader(concrete, "Link", required: false,
                    "`<…>; rel=\"next\"`: the URL of the next page (the same query with the next `cursor`); only sent when more pages follow.");
            }
        }
    }

    /// <summary>
    /// <c>Idempotency-Key</c> (see <see cref="IdempotencyMiddleware"/>) and the two problems only it causes: 422 for a
    /// key reused with another body and 409 while the first request with the key still runs.
    /// </summary>
    private static void DocumentIdempotency(OpenApiOperation operation, OperationFilterContext context)
    {
        AddHeaderParameter(
            operation,
            IdempotencyMiddleware.HeaderName,
            required: false,
            new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyMiddleware.MaxKeyLength },
            "Makes the request safe to retry: the same key with the same body within 24 h returns the first response again " +
            "and changes nothing; the same key with another body is 422. At most " +
            IdempotencyMiddleware.MaxKeyLength.ToString(CultureInfo.InvariantCulture) + " characters, scoped to the credential.");

        OpenApiResponsesFilter.EnsureProblem(operation, context, StatusCodes.Status422UnprocessableEntity);

        const string inProgress = "a request with this `Idempotency-Key` is still in progress; retry in a moment.";
        var conflict = StatusCodes.Status409Conflict.ToString(CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(conflict, out var existing) && existing is OpenApiResponse declared)
        {
            var general = OpenApiResponsesFilter.IsDefaultDescription(StatusCodes.Status409Conflict, declared.Description)
                ? OpenApiResponsesFilter.ProblemDescriptions[StatusCodes.Status409Conflict]
                : declared.Description!;
            declared.Description = $"{general.TrimEnd('.')}; or {inProgress}";
        }
        else
        {
            OpenApiResponsesFilter.EnsureProblem(operation, context, StatusCodes.Status409Conflict);
            ((OpenApiResponse)operation.Responses[conflict]).Description = char.ToUpperInvariant(inProgress[0]) + inProgress[1..];
        }
    }

    private static bool Declares(OpenApiResponses responses, int status) =>
        responses.ContainsKey(status.ToString(CultureInfo.InvariantCulture));

    /// <summary>The JSON body schema of the 200 or 201 response, its component when it is a reference.</summary>
    private static IOpenApiSchema? SuccessSchema(OpenApiResponses responses, OperationFilterContext context)
    {
        var response = responses.TryGetValue(Ok, out var ok) ? ok : responses.TryGetValue(Created, out var created) ? created : null;
        var schema = response?.Content?.Values.Select(media => media.Schema).FirstOrDefault(s => s is not null);
        return schema is OpenApiSchemaReference { Reference.Id: { } id } && context.SchemaRepository.Schemas.TryGetValue(id, out var component)
            ? component
            : schema;
    }

    /// <summary>A single resource: it carries the <c>version</c> its ETag is made of.</summary>
    private static bool HasVersion(IOpenApiSchema schema) => schema.Properties?.ContainsKey("version") == true;

    /// <summary>A page of a list (<see cref="Page{T}"/>): <c>items</c> and <c>nextCursor</c>.</summary>
    private static bool IsPage(IOpenApiSchema schema) =>
        schema.Properties is { } properties && properties.ContainsKey("items") && properties.ContainsKey("nextCursor");

    private static void AddHeaderParameter(OpenApiOperation operation, string name, bool required, OpenApiSchema schema, string description)
    {
        var parameters = operation.Parameters ??= [];
        if (!parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Header,
                Required = required,
                Description = description,
                Schema = schema,
            });
        }
    }

    private static void AddHeader(OpenApiResponse response, string name, bool required, string description)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(name, new OpenApiHeader
        {
            Description = description,
            Required = required,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
