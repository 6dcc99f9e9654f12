using System.Diagnostics;

namespace SmartRegion.Api.Http;

/// <summary>
/// The <c>traceId</c> of problem responses: the W3C trace id (32 hex digits) of the request's server span, the id a
/// tracing backend shows for the request, so an operator finds the trace and every log entry of a reported problem.
/// </summary>
public static class TraceIds
{
    public static string For(HttpContext context) =>
        Activity.Current is { } activity && activity.TraceId != default ? activity.TraceId.ToHexString() : context.TraceIdentifier;
}
