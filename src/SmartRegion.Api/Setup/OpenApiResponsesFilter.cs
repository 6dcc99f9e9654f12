using System.Globalization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.Api.Setup;

/// <summary>
/// Completes the responses every operation declares with those any <c>/api/</c> operation can give: 400 (a malformed
/// route value, query or header), 404 when its path names something, 500 (never with details) and 503 when the
/// database is unavailable, and 429 on every rate-limited operation (all but the health probes), whose responses all
/// may carry the draft RateLimit fields. Errors are problem details, a 503 and a 429 tell when to retry, and the
/// responses are in status order so the committed document diffs cleanly. Runs after the other operation filters.
/// </summary>
internal sealed class OpenApiResponsesFilter : IOperationFilter
{
    /// <summary>What each problem status means in this API (see the API conventions), instead of the bare reason phrase.</summary>
    internal static readonly IReadOnlyDictionary<int, string> ProblemDescriptions = new Dictionary<int, string>
    {
        [StatusCodes.Status400BadRequest] = "Malformed or invalid input; validation problems list the offending fields in `errors`.",
        [StatusCodes.Status401Unauthorized] = "No credentials, or unknown or revoked ones.",
        [StatusCodes.Status403Forbidden] = "The credential's role does not allow this operation.",
        [StatusCodes.Status404NotFound] = "Unknown, or outside the caller's region.",
        [StatusCodes.Status409Conflict] = "Conflicts with the current state (illegal transition, duplicate, data in use).",
        [StatusCodes.Status412PreconditionFailed] = "`If-Match` names a version that is no longer current; read the resource again.",
        [StatusCodes.Status413PayloadTooLarge] = "The request body is larger than the service accepts (1 MiB unless configured otherwise).",
        [StatusCodes.Status415UnsupportedMediaType] = "The body is not `application/json`.",
        [StatusCodes.Status422UnprocessableEntity] = "The `Idempotency-Key` was used before with another body.",
        [StatusCodes.Status428PreconditionRequired] = "`If-Match` is missing; send the ETag of the last read.",
        [StatusCodes.Status429TooManyRequests] = "The credential (or, without one, the client address) has used its request budget; retry after `Retry-After` seconds. `RateLimit-Policy` and `RateLimit` tell the budget.",
        [StatusCodes.Status500InternalServerError] = "An unexpected error in the service; the problem carries a `traceId` for the operator, never details.",
        [StatusCodes.Status503ServiceUnavailable] = "The database is busy or unreachable; retry after `Retry-After` seconds.",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = context.ApiDescription.RelativePath ?? string.Empty;
        if (path.StartsWith("api/", StringComparison.Ordinal))
        {
            EnsureProblem(operation, context, StatusCodes.Status400BadRequest);
            if (path.Contains('{', StringComparison.Ordinal))
            {
                EnsureProblem(operation, context, StatusCodes.Status404NotFound);
            }

            EnsureProblem(operation, context, StatusCodes.Status500InternalServerError);
            EnsureProblem(operation, context, StatusCodes.Status503ServiceUnavailable);
        }

        var rateLimited = !context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<DisableRateLimitingAttribute>().Any();
        if (rateLimited)
        {
            EnsureProblem(operation, context, StatusCodes.Status429TooManyRequests);
        }

        var responses = operation.Responses ??= [];
        foreach (var (key, response) in responses)
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
            {
                continue;
            }

            // Every error body is a problem response; an error declared without a body type still gets one.
            if (status >= 400 && (concrete.Content is null || concrete.Content.Count == 0))
            {
                concrete.Content = ProblemContent(context);
            }

            if (concrete.Content?.ContainsKey(OpenApiMetadata.ProblemContentType) == true
                && ProblemDescriptions.TryGetValue(status, out var description)
                && IsDefaultDescription(status, concrete.Description))
            {
                concrete.Description = description;
            }

            if (rateLimited)
            {
                AddRateLimitHeaders(concrete, status == StatusCodes.Status429TooManyRequests);
            }

            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                });
            }
        }

        var ordered = responses.OrderBy(response => response.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (key, response) in ordered)
        {
            responses.Add(key, response);
        }
    }

    /// <summary>
    /// The fields of draft-ietf-httpapi-ratelimit-headers-10 on every answer the limiter decided on (absent when
    /// rate limiting is switched off), and on a 429 the seconds to wait.
    /// </summary>
    private static void AddRateLimitHeaders(OpenApiResponse response, bool refused)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers.TryAdd(RequestBudgets.PolicyHeader, new OpenApiHeader
        {
            Description = "The request budget that applies, e.g. `\"credential\";q=600;w=60`: the policy (`credential` per API key or token subject, `address` per client address without credentials), its quota `q` and window `w` in seconds.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        response.Headers.TryAdd(RequestBudgets.StateHeader, new OpenApiHeader
        {
            Description = "What is left of the budget, e.g. `\"credential\";r=42;t=17`: `r` requests remain, full again in `t` seconds.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        if (refused)
        {
            response.Headers.TryAdd("Retry-After", new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            });
        }
    }

    /// <summary>
    /// True when a response has no description of its own: none, ASP.NET's reason phrase, or Swashbuckle's, which
    /// follows RFC 9110 where ASP.NET does not (422 "Unprocessable Content", not "Unprocessable Entity").
    /// </summary>
    public static bool IsDefaultDescription(int status, string? description) =>
        string.IsNullOrEmpty(description)
        || description == ReasonPhrases.GetReasonPhrase(status)
        || (status == StatusCodes.Status422UnprocessableEntity && description == "Unprocessable Content");

    /// <summary>Adds a problem response for <paramref name="status"/> unless the operation already declares one.</summary>
    public static void EnsureProblem(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        var responses = operation.Responses ??= [];
        responses.TryAdd(
            status.ToString(CultureInfo.InvariantCulture),
            new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(status), Content = ProblemContent(context) });
    }

    private static Dictionary<string, IOpenApiMediaType> ProblemContent(OperationFilterContext context) => new()
    {
        [OpenApiMetadata.ProblemContentType] = new OpenApiMediaType
        {
            Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemResponse), context.SchemaRepository),
        },
    };
}
