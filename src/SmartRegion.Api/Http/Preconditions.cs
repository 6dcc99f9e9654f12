using System.Globalization;

namespace SmartRegion.Api.Http;

/// <summary>ETags are the resource's <c>version</c> in quotes; <c>If-Match</c> and <c>If-None-Match</c> compare it.</summary>
public static class Preconditions
{
    public static string ETagFor(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>The version the caller last saw, from <c>If-Match</c>; 428 when missing, 412 when unreadable.</summary>
    public static int RequireIfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new ApiProblemException(
                StatusCodes.Status428PreconditionRequired,
                ProblemTypes.PreconditionRequired,
                "If-Match required",
                "Send the resource's current ETag in If-Match; read the resource to get it.");
        }

        if (header.Trim() == "*")
        {
            throw StaleVersion();
        }

        return TryParse(header, out var version) ? version : throw StaleVersion();
    }

    /// <summary>412 unless the caller's version is the stored one.</summary>
    public static void EnsureCurrent(int expected, int actual)
    {
        if (expected != actual)
        {
            throw StaleVersion();
        }
    }

    public static ApiProblemException StaleVersion() => new(
        StatusCodes.Status412PreconditionFailed,
        ProblemTypes.PreconditionFailed,
        "Precondition failed",
        "The resource was changed since you read it; read it again and retry with its current ETag.");

    /// <summary>
    /// A resource this request changes as a side effect (a project's version when its funding changes, a meeting's
    /// when its agenda does) moved while the request ran. Not a 412: the caller's If-Match, if any, named something
    /// else. Retrying the request reads the new state.
    /// </summary>
    public static ApiProblemException ConcurrentChange(string what) => new(
        StatusCodes.Status409Conflict,
        ProblemTypes.ConcurrentChange,
        "Changed concurrently",
        $"The {what} was changed by another request while this one ran; nothing was stored. Retry the request.");

    /// <summary>True when <c>If-None-Match</c> names the current ETag, so a 304 can answer.</summary>
    public static bool IsNotModified(HttpContext context, string etag)
    {
        var header = context.Request.Headers.IfNoneMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        return header.Split(',').Select(tag => tag.Trim()).Any(tag => tag == "*" || StripWeak(tag) == etag);
    }

    private static bool TryParse(string header, out int version)
    {
        var tag = StripWeak(header.Split(',')[0].Trim());
        version = 0;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
