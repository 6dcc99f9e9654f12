using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Http;

/// <summary>
/// The one place that turns exceptions into problem responses: API problems as thrown, a use case's own shape
/// validation as 400, domain refusals as 409,
/// database constraint violations as 409, an unreachable database, a timeout or a deadlock that persisted after
/// its retry (see <see cref="SmartRegionDb.InTransactionAsync{T}"/>) as 503 with <c>Retry-After</c>, anything else as a 500 without details.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A use case called without an endpoint's validation in front (the demo seed, a future importer) checks the
        // request shape itself; should its refusal ever reach HTTP, it is the same 400 as the endpoint's own.
        if (exception is ValidationException invalid)
        {
            var problem = (ProblemResponse)ValidationProblems.Build([.. invalid.Errors], httpContext, StatusCodes.Status400BadRequest);
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            await httpContext.Response.WriteAsJsonAsync(problem, options: null, contentType: OpenApiMetadata.ProblemContentType, cancellationToken);
            return true;
        }

        var (status, type, title, detail) = Classify(exception);
        if (status >= 500)
        {
            logger.LogError(exception, "Request {Method} {Path} failed", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        });
    }

    private static (int Status, string Type, string Title, string Detail) Classify(Exception exception) => exception switch
    {
        ApiProblemException problem => (problem.Status, problem.Type, problem.Title, problem.Message),
        DomainRuleException rule => (StatusCodes.Status409Conflict, rule.ProblemType, rule.Title, rule.Message),
        // Kestrel's own answer when a body passes MaxRequestBodySize (RequestBodyMiddleware sets it).
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            (StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Request body too large", "The request body is larger than this service accepts."),
        BadHttpRequestException bad => (bad.StatusCode, ProblemTypes.Validation, "Bad request", bad.Message),
        _ when DbErrors.IsUniqueViolation(exception) =>
            (StatusCodes.Status409Conflict, ProblemTypes.Duplicate, "Duplicate", "A resource with the same unique value already exists."),
        _ when DbErrors.IsForeignKeyViolation(exception) =>
            (StatusCodes.Status409Conflict, ProblemTypes.InUse, "Conflict with related data", "The change conflicts with data that refers to this resource or that it refers to."),
        _ when DbErrors.IsUnavailable(exception) =>
            (StatusCodes.Status503ServiceUnavailable, ProblemTypes.DatabaseUnavailable, "Database unavailable", "The database is busy or unreachable; retry shortly."),
        _ => (StatusCodes.Status500InternalServerError, "about:blank", "Internal server error", "The request failed on the server; it has been logged with its traceId."),
    };
}
