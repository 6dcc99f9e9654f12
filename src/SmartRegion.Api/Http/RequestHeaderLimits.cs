using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SmartRegion.Api.Http;

/// <summary>
/// Limits on a request's target and headers, answered as problems. Kestrel refuses a request above its own limits
/// before any application code runs, with an empty body; so Kestrel's limits are set well above the ones the API
/// promises, and this middleware refuses what lies between with <c>application/problem+json</c>: a request target
/// (path and query) above <see cref="MaxRequestTargetLength"/> is 414, more than <see cref="MaxHeaderCount"/> headers
/// or more than <see cref="MaxHeaderBytes"/> of them is 431. Only a request beyond Kestrel's own limits (a malformed
/// or absurd request: four times the promised size) still gets Kestrel's empty answer.
/// </summary>
public sealed class RequestHeaderLimits(RequestDelegate next)
{
    public const int MaxRequestTargetLength = 8 * 1024;
    public const int MaxHeaderCount = 100;
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Kestrel's own limits, above the promised ones (see the class summary).</summary>
    public static void ConfigureKestrel(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = 4 * MaxRequestTargetLength;
        limits.MaxRequestHeaderCount = 4 * MaxHeaderCount;
        limits.MaxRequestHeadersTotalSize = 4 * MaxHeaderBytes;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value?.Length + request.QueryString.Value?.Length > MaxRequestTargetLength)
        {
            throw new ApiProblemException(
                StatusCodes.Status414UriTooLong,
                ProblemTypes.UriTooLong,
                Localized.Text("URI too long", "URI zu lang"),
                Localized.Text($"The path and query of a request are at most {MaxRequestTargetLength} characters.", $"Pfad und Query einer Anfrage sind höchstens {MaxRequestTargetLength} Zeichen lang."));
        }

        var count = 0;
        long bytes = 0;
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                count++;
                bytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (count > MaxHeaderCount || bytes > MaxHeaderBytes)
        {
            throw new ApiProblemException(
                StatusCodes.Status431RequestHeaderFieldsTooLarge,
                ProblemTypes.HeadersTooLarge,
                Localized.Text("Request headers too large", "Anfrage-Header zu groß"),
                Localized.Text(
                    $"A request has at most {MaxHeaderCount} headers of at most {MaxHeaderBytes} bytes together.",
                    $"Eine Anfrage hat höchstens {MaxHeaderCount} Header mit zusammen höchstens {MaxHeaderBytes} Bytes."));
        }

        return next(context);
    }
}
