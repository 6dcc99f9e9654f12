using System.Globalization;
using Microsoft.OpenApi;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Writes the headers each endpoint declares (<see cref="RequestHeaderDeclaration"/>,
/// <see cref="ResponseHeaderDeclaration"/>, made by the helpers in <see cref="OpenApiMetadata"/>) into its operation.
/// Nothing is guessed: an operation shows exactly the headers its endpoint states. Runs before
/// <see cref="OpenApiResponsesFilter"/>, which completes and sorts the responses.
/// </summary>
internal sealed class OpenApiHeadersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<RequestHeaderDeclaration>())
        {
            var parameters = operation.Parameters ??= [];
            if (parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = header.MaxLength },
            });
        }

        var responses = operation.Responses ??= [];
        foreach (var header in metadata.OfType<ResponseHeaderDeclaration>())
        {
            foreach (var (key, response) in responses)
            {
                if (response is not OpenApiResponse concrete || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    continue;
                }

                if (header.Status == status || (header.Status is null && status is >= 200 and < 300))
                {
                    concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    concrete.Headers.TryAdd(header.Name, new OpenApiHeader
                    {
                        Description = header.Description,
                        Required = header.Required,
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
            }
        }

        if (metadata.OfType<CsvResponseDeclaration>().FirstOrDefault() is { } csv
            && responses.TryGetValue("200", out var ok) && ok is OpenApiResponse okResponse)
        {
            okResponse.Content ??= new Dictionary<string, IOpenApiMediaType>();
            okResponse.Content[CsvExport.ContentType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csv.Description },
            };
        }

        // A CSV body is a file, not a schema-bound object: stated here, after the request filter has shaped JSON bodies.
        if (metadata.OfType<CsvRequestDeclaration>().FirstOrDefault() is { } csvBody)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    [CsvExport.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = csvBody.Description } },
                },
            };
            if (responses.TryGetValue("415", out var unsupported) && unsupported is OpenApiResponse unsupportedResponse)
            {
                unsupportedResponse.Description = "The body is not `text/csv`.";
            }
        }

        if (metadata.OfType<RequestHeaderDeclaration>().Any(h => h.Name == IdempotencyMiddleware.HeaderName))
        {
            DescribeIdempotencyConflict(responses);
        }
    }

    /// <summary>The 409 of an idempotent POST also means "a request with this key is still in progress".</summary>
    private static void DescribeIdempotencyConflict(OpenApiResponses responses)
    {
        const string inProgress = "a request with this `Idempotency-Key` is still in progress; retry in a moment.";
        if (responses.TryGetValue(StatusCodes.Status409Conflict.ToString(CultureInfo.InvariantCulture), out var existing) && existing is OpenApiResponse declared)
        {
            var general = OpenApiResponsesFilter.IsDefaultDescription(StatusCodes.Status409Conflict, declared.Description)
                ? OpenApiResponsesFilter.ProblemDescriptions[StatusCodes.Status409Conflict]
                : declared.Description!;
            declared.Description = $"{general.TrimEnd('.')}; or {inProgress}";
        }
    }
}
