using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;

namespace SmartRegion.Api.Http;

/// <summary>A request header an operation reads, declared next to the endpoint (see <see cref="OpenApiMetadata"/>).</summary>
public sealed record RequestHeaderDeclaration(string Name, bool Required, string Description, int? MaxLength = null);

/// <summary>
/// A response header an operation sends with <paramref name="Status"/> (null: with every 2xx response it declares).
/// </summary>
public sealed record ResponseHeaderDeclaration(int? Status, string Name, bool Required, string Description);

/// <summary>
/// The OpenAPI metadata every endpoint declares in its <c>Description(...)</c>: responses, problems and the
/// convention headers (<c>If-Match</c>, <c>If-None-Match</c>, <c>Idempotency-Key</c>, <c>ETag</c>, <c>Location</c>,
/// <c>Link</c>, <c>Idempotent-Replayed</c>). Stated per endpoint, never guessed from other responses, so the
/// document says exactly what the endpoint does.
/// </summary>
public static class OpenApiMetadata
{
    public const string ProblemContentType = "application/problem+json";
    public const string JsonContentType = "application/json";

    public const string IdempotentReplayedHeader = "Idempotent-Replayed";

    private const string ResourceETag =
        "The resource's version in quotes (e.g. \"3\"); send it in `If-Match` to change the resource, or in `If-None-Match` to read it again only when changed.";

    /// <summary>Documents the problem responses an operation can give, all with the <see cref="ProblemResponse"/> body.</summary>
    public static RouteHandlerBuilder Problems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Response(status, typeof(ProblemResponse), ProblemContentType);
        }

        return builder;
    }

    /// <summary>An operation with a JSON body: documents the body and the problems any body can cause.</summary>
    public static RouteHandlerBuilder JsonBody<TRequest>(this RouteHandlerBuilder builder)
        where TRequest : notnull =>
        builder.Accepts<TRequest>(JsonContentType)
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// An operation whose body is a CSV file (<c>text/csv</c>): documents the body as a string with
    /// <paramref name="description"/> and the problems any body can cause.
    /// </summary>
    public static RouteHandlerBuilder CsvBody(this RouteHandlerBuilder builder, string description) =>
        builder.Accepts<string>(CsvExport.ContentType).WithMetadata(new CsvRequestDeclaration(description))
            .Problems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType);

    /// <summary>A single versioned resource answered with <paramref name="status"/> and its <c>ETag</c>.</summary>
    public static RouteHandlerBuilder Returns<TResponse>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Response(status, typeof(TResponse), JsonContentType).ResponseHeader(status, "ETag", required: true, ResourceETag);

    /// <summary>A created resource: 201 with its <c>ETag</c> and the <c>Location</c> where it can be read.</summary>
    public static RouteHandlerBuilder ReturnsCreated<TResponse>(this RouteHandlerBuilder builder) =>
        builder.Returns<TResponse>(StatusCodes.Status201Created)
            .ResponseHeader(StatusCodes.Status201Created, "Location", required: true, "The path of the created resource, where it can be read.");

    /// <summary>
    /// One page of a list, with <c>Link: rel="next"</c> while more pages follow; <paramref name="cursorParameter"/>
    /// is the query parameter that carries the position (<c>cursor</c>, or <c>after</c> for the change feed).
    /// </summary>
    public static RouteHandlerBuilder ReturnsPage<TItem>(this RouteHandlerBuilder builder, string cursorParameter = "cursor") =>
        builder.ReturnsPageOf(typeof(Page<TItem>), cursorParameter);

    /// <summary>A page with more than <c>items</c> and <c>nextCursor</c> (e.g. the ledger's signed checkpoint), linked like every list.</summary>
    public static RouteHandlerBuilder ReturnsPageOf(this RouteHandlerBuilder builder, Type pageType, string cursorParameter) =>
        builder.Response(StatusCodes.Status200OK, pageType, JsonContentType)
            .ResponseHeader(StatusCodes.Status200OK, "Link", required: false,
                $"`<…>; rel=\"next\"`: the URL of the next page (the same query with the next `{cursorParameter}`); only sent when more pages follow.");

    /// <summary>
    /// A JSON answer that is paged but not a plain list (e.g. the participation matrix, paged over its columns): its
    /// body carries <c>nextCursor</c>, and <c>Link: rel="next"</c> is sent while more pages follow.
    /// </summary>
    public static RouteHandlerBuilder ReturnsPagedJson<TResponse>(this RouteHandlerBuilder builder) =>
        builder.Response(StatusCodes.Status200OK, typeof(TResponse), JsonContentType)
            .ResponseHeader(StatusCodes.Status200OK, "Link", required: false,
                "`<…>; rel=\"next\"`: the URL of the next page (the same query with the next `cursor`); only sent when more pages follow.");

    /// <summary>
    /// The list also answers <c>text/csv</c> (German Excel: UTF-8 with BOM, <c>;</c>, decimal comma, ISO dates) when asked
    /// with <c>Accept: text/csv</c>: every item matching the filters, without paging (see <see cref="CsvExport"/>).
    /// </summary>
    public static RouteHandlerBuilder AlsoCsv(this RouteHandlerBuilder builder, string columns) =>
        builder.WithMetadata(new CsvResponseDeclaration(
            "With `Accept: text/csv`: every item matching the filters (no paging: `limit` and `cursor` are ignored) as CSV for German " +
            "Excel: UTF-8 with BOM, `;` separated, decimal comma, ISO dates, UTC timestamps; one header row. Columns: " + columns + "."));

    /// <summary>A JSON answer without a version of its own (a derived view, a list as a whole).</summary>
    public static RouteHandlerBuilder ReturnsJson<TResponse>(this RouteHandlerBuilder builder, int status = StatusCodes.Status200OK) =>
        builder.Response(status, typeof(TResponse), JsonContentType);

    /// <summary>A JSON answer in another JSON media type (<c>application/ld+json</c>) without a version of its own.</summary>
    public static RouteHandlerBuilder ReturnsLinkedData<TResponse>(this RouteHandlerBuilder builder, string contentType) =>
        builder.Response(StatusCodes.Status200OK, typeof(TResponse), contentType);

    /// <summary>An iCalendar (RFC 5545) answer: <c>text/calendar</c>, a text the document describes as a string.</summary>
    public static RouteHandlerBuilder ReturnsCalendar(this RouteHandlerBuilder builder) =>
        builder.Response(StatusCodes.Status200OK, typeof(string), "text/calendar");

    /// <summary>No body: 204 after a delete or a command that leaves nothing to show.</summary>
    public static RouteHandlerBuilder ReturnsNoContent(this RouteHandlerBuilder builder) =>
        builder.Response(StatusCodes.Status204NoContent, typeof(void), contentType: null);

    /// <summary>The ETag of an answer that is not a versioned resource: a hash of the answer, or of the whole list.</summary>
    public static RouteHandlerBuilder WithDerivedETag(this RouteHandlerBuilder builder, string description, int status = StatusCodes.Status200OK) =>
        builder.ResponseHeader(status, "ETag", required: true, description);

    /// <summary>
    /// A write on an existing resource: <c>If-Match</c> with its current ETag is required (428 without, 412 when stale).
    /// </summary>
    public static RouteHandlerBuilder RequiresIfMatch(this RouteHandlerBuilder builder, string? what = null) =>
        builder.RequestHeader(new RequestHeaderDeclaration("If-Match", Required: true,
                what ?? "The resource's current ETag (its version in quotes, e.g. \"3\"), as the last read returned it."))
            .Problems(StatusCodes.Status412PreconditionFailed, StatusCodes.Status428PreconditionRequired);

    /// <summary>
    /// An upsert: <c>If-Match</c> is omitted to create (with one, 412: nothing exists to match) and required to
    /// replace what exists (428 without, 412 when stale).
    /// </summary>
    public static RouteHandlerBuilder OptionalIfMatch(this RouteHandlerBuilder builder) =>
        builder.RequestHeader(new RequestHeaderDeclaration("If-Match", Required: false,
                "Omit it to create; to replace what exists, send its current ETag (428 without, 412 when stale)."))
            .Problems(StatusCodes.Status412PreconditionFailed, StatusCodes.Status428PreconditionRequired);

    /// <summary>A conditional read: <c>If-None-Match</c> with a current ETag answers 304 without a body.</summary>
    public static RouteHandlerBuilder HonoursIfNoneMatch(this RouteHandlerBuilder builder) =>
        builder.RequestHeader(new RequestHeaderDeclaration("If-None-Match", Required: false,
                "The ETag of an earlier read; while it is still current the answer is 304 without a body."))
            .Response(StatusCodes.Status304NotModified, typeof(void), contentType: null)
            .ResponseHeader(StatusCodes.Status304NotModified, "ETag", required: true, "The current ETag, the one `If-None-Match` named.");

    /// <summary>
    /// A POST that is safe to retry with <c>Idempotency-Key</c> (see <see cref="IdempotencyMiddleware"/>): 422 for a
    /// key reused with another body, 409 while the first request with the key still runs, and replays marked by
    /// <c>Idempotent-Replayed: true</c>.
    /// </summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder builder) =>
        builder.RequestHeader(new RequestHeaderDeclaration(IdempotencyMiddleware.HeaderName, Required: false,
                "Makes the request safe to retry: the same key with the same body within 24 h returns the first response again " +
                "and changes nothing; the same key with another body is 422. At most " +
                IdempotencyMiddleware.MaxKeyLength.ToString(CultureInfo.InvariantCulture) + " characters, scoped to the credential.",
                IdempotencyMiddleware.MaxKeyLength))
            .Problems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .ResponseHeader(status: null, IdempotentReplayedHeader, required: false,
                "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`.");

    /// <summary>
    /// A POST whose answer must never be stored (it holds a secret): an <c>Idempotency-Key</c> is refused with 400
    /// instead of keeping the answer for replays (see <see cref="IdempotencyMiddleware"/>).
    /// </summary>
    public static RouteHandlerBuilder RefusesIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(IdempotencyMiddleware.Refused.Instance).Problems(StatusCodes.Status400BadRequest);

    private static RouteHandlerBuilder RequestHeader(this RouteHandlerBuilder builder, RequestHeaderDeclaration header) =>
        builder.WithMetadata(header);

    private static RouteHandlerBuilder ResponseHeader(this RouteHandlerBuilder builder, int? status, string name, bool required, string description) =>
        builder.WithMetadata(new ResponseHeaderDeclaration(status, name, required, description));

    /// <summary>Adds a response unless one with that status is declared already (helpers may overlap, e.g. two 409s).</summary>
    private static RouteHandlerBuilder Response(this RouteHandlerBuilder builder, int status, Type? type, string? contentType)
    {
        builder.Add(endpoint =>
        {
            if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(existing => existing.StatusCode == status))
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, type, contentType is null ? [] : [contentType]));
            }
        });
        return builder;
    }
}
