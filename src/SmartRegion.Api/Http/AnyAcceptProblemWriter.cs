using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace SmartRegion.Api.Http;

/// <summary>
/// The last of the problem writers: the framework's own writes only when <c>Accept</c> admits JSON, and answered a
/// request with <c>Accept: application/xml</c> with an empty body (for a 404 from the status code pages) or, from the
/// exception handler, with a 500 (the handler's write failed). Errors are <c>application/problem+json</c> whatever the
/// client asks for, so this one writes every problem the framework's writer declines.
/// </summary>
public sealed class AnyAcceptProblemWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        problem.Type ??= "about:blank";
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(
            problem, problem.GetType(), jsonOptions.Value.SerializerOptions, OpenApiMetadata.ProblemContentType, context.HttpContext.RequestAborted));
    }
}
