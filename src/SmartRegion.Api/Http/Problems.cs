using System.Text.Json.Serialization;

namespace SmartRegion.Api.Http;

/// <summary>The problem <c>type</c> URIs this API uses beyond the plain HTTP status meanings.</summary>
public static class ProblemTypes
{
    private const string Prefix = "urn:smartregion:problem:";

    public const string Validation = Prefix + "validation";
    public const string NotFound = Prefix + "not-found";
    public const string Unauthorized = Prefix + "unauthorized";
    public const string Forbidden = Prefix + "forbidden";
    public const string Conflict = Prefix + "conflict";
    public const string Duplicate = Prefix + "duplicate";
    public const string InUse = Prefix + "in-use";
    public const string RuleViolated = Prefix + "rule-violated";
    public const string PreconditionRequired = Prefix + "precondition-required";
    public const string PreconditionFailed = Prefix + "precondition-failed";
    public const string ConcurrentChange = Prefix + "concurrent-change";
    public const string IdempotencyKeyReused = Prefix + "idempotency-key-reused";
    public const string IdempotencyKeyInProgress = Prefix + "idempotency-key-in-progress";
    public const string RateLimited = Prefix + "rate-limited";
    public const string DatabaseUnavailable = Prefix + "database-unavailable";
    public const string PayloadTooLarge = Prefix + "payload-too-large";
    public const string UnsupportedMediaType = Prefix + "unsupported-media-type";
    public const string UriTooLong = Prefix + "uri-too-long";
    public const string HeadersTooLarge = Prefix + "headers-too-large";
    public const string ImportRejected = Prefix + "import-rejected";
}

/// <summary>
/// The RFC 9457 body of every error response. <c>errors</c> appears only on validation problems and maps each
/// offending field (camelCase JSON path) to its messages.
/// </summary>
public sealed record ProblemResponse
{
    public required string Type { get; init; }

    public required string Title { get; init; }

    public required int Status { get; init; }

    public string? Detail { get; init; }

    public string? TraceId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>
    /// Only on <c>urn:smartregion:problem:import-rejected</c> (a spreadsheet import refused for errors in its rows):
    /// the per-row report, the same a dry run answers; nothing was stored.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImportReport? Report { get; init; }
}

/// <summary>
/// Thrown by use cases to answer with a problem response; the exception handler turns it into one in one place.
/// </summary>
public sealed class ApiProblemException(int status, string type, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string Title { get; } = title;

    public static ApiProblemException NotFound(string detail) =>
        new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", detail);

    public static ApiProblemException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail);

    public static ApiProblemException Conflict(string type, string title, string detail) =>
        new(StatusCodes.Status409Conflict, type, title, detail);

    public static ApiProblemException Invalid(string detail) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "Invalid request", detail);
}
