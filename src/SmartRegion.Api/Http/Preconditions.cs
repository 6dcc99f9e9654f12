using System.Globalization;

namespace SmartRegion.Api.Http;

/// <summary>ETags are the resource's <c>version</c> in quotes; <c>If-Match</c> and <c>If-None-Match</c> compare it.</summary>
public static class Preconditions
{
    public static string ETagFor(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The versions the caller accepts, from <c>If-Match</c> (RFC 9110 §13.1.1): a list of tags or <c>*</c>; 428 when
    /// missing. Weak tags never match (If-Match compares strongly), and an unreadable header matches nothing (412).
    /// </summary>
    public static IfMatch RequireIfMatch(HttpContext context)
    {
        var header = string.Join(',', context.Request.Headers.IfMatch.Where(value => value is not null));
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new ApiProblemException(
                StatusCodes.Status428PreconditionRequired,
                ProblemTypes.PreconditionRequired,
                "If-Match required",
                "Send the resource's current ETag in If-Match; read the resource to get it.");
        }

        return IfMatch.Parse(header);
    }

    /// <summary>412 unless the caller's version is the stored one.</summary>
    public static void EnsureCurrent(int expected, int actual)
    {
        if (expected != actual)
        {
            throw StaleVersion();
        }
    }

    /// <summary>412 unless <c>If-Match</c> names the stored version (or is <c>*</c>: the resource exists).</summary>
    public static void EnsureCurrent(IfMatch expected, int actual)
    {
        if (!expected.Matches(actual))
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

    private static string StripWeak(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

/// <summary>An <c>If-Match</c> header: <c>*</c>, or the strong versions it lists (weak and unreadable tags match nothing).</summary>
public readonly record struct IfMatch(bool Any, IReadOnlyList<int> Versions)
{
    public bool Matches(int version) => Any || Versions.Contains(version);

    public static IfMatch Parse(string header)
    {
        var tags = header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (tags is ["*"])
        {
            return new IfMatch(Any: true, []);
        }

        var versions = new List<int>();
        foreach (var tag in tags)
        {
            if (tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
                && int.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                versions.Add(version);
            }
        }

        return new IfMatch(Any: false, versions);
    }
}
