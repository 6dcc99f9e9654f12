using System.Text.Json;
using FastEndpoints;
using Microsoft.Net.Http.Headers;

namespace SmartRegion.Api.Http;

/// <summary>
/// A 200 JSON answer as the bytes it is sent with, and the headers that belong to it (<c>ETag</c>, <c>Link</c>): what
/// <see cref="Data.ReadCache"/> keeps of a read, so that a cached and a fresh answer are the same bytes. Sent with
/// <c>Content-Length</c>; <c>If-None-Match</c> is honoured when the answer has an ETag.
/// </summary>
public sealed class JsonAnswer
{
    private const string ContentType = "application/json; charset=utf-8";

    private readonly byte[] body;
    private readonly string? etag;
    private readonly string? link;

    private JsonAnswer(byte[] body, string? etag, string? link, DateTimeOffset? validUntil)
    {
        this.body = body;
        this.etag = etag;
        this.link = link;
        ValidUntil = validUntil;
    }

    /// <summary>The last instant the answer holds for an unchanged database; null: as long as the database is unchanged.</summary>
    public DateTimeOffset? ValidUntil { get; }

    /// <summary>About the memory the answer holds.</summary>
    public long Size => body.Length + 256 + (link?.Length ?? 0) * 2;

    /// <summary>
    /// <paramref name="value"/> serialised as FastEndpoints would answer it, with the <c>Link</c> header the endpoint
    /// has set on <paramref name="context"/> (a page's next link), <paramref name="etag"/>, and until when it holds
    /// when it depends on the instant.
    /// </summary>
    public static JsonAnswer Of<T>(T value, HttpContext context, string? etag = null, DateTimeOffset? validUntil = null)
    {
        var link = context.Response.Headers[HeaderNames.Link];
        return new JsonAnswer(JsonSerializer.SerializeToUtf8Bytes(value, JsonSetup.Responses), etag, link.Count == 0 ? null : link.ToString(), validUntil);
    }

    public bool HoldsAt(DateTimeOffset now) => ValidUntil is not { } until || now <= until;

    /// <summary>
    /// The key of a read's answer in <see cref="Data.ReadCache"/>: its URL as the client sent it (the next link repeats
    /// the query), the date in the councils' calendar when the answer depends on it, whether the caller sees the
    /// public subset, and <paramref name="view"/> when more of the caller shapes the answer.
    /// </summary>
    public static string CacheKey(HttpContext context, DateOnly? today = null, string? view = null) => string.Concat(
        context.Request.PathBase.Value, context.Request.Path.Value, context.Request.QueryString.Value,
        "|", today?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Auth.Caller.From(context.User).IsPublic ? "|public|" : "|full|", view);

    public Task SendAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (link is not null)
        {
            response.Headers[HeaderNames.Link] = link;
        }

        if (etag is not null)
        {
            response.Headers.ETag = etag;
            if (Preconditions.IsNotModified(context, etag))
            {
                return response.SendNotModifiedAsync(cancellationToken);
            }
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, cancellationToken).AsTask();
    }
}

/// <summary>The one way an endpoint reads its answer through <see cref="Data.ReadCache"/>.</summary>
public static class CachedAnswers
{
    /// <summary>
    /// The answer kept under <paramref name="key"/> for this state of the database, if it still holds at
    /// <paramref name="now"/> (only answers with a <see cref="JsonAnswer.ValidUntil"/> look at it); otherwise
    /// <paramref name="load"/>'s answer, kept for the next request.
    /// </summary>
    public static async Task<JsonAnswer> AnswerAsync(this Data.CachedReads reads, string key, Func<Task<JsonAnswer>> load, DateTimeOffset? now = null)
    {
        if (reads.TryGet<JsonAnswer>(key, out var kept) && (now is not { } at || kept.HoldsAt(at)))
        {
            return kept;
        }

        var answer = await load();
        reads.Add(key, answer, answer.Size);
        return answer;
    }
}
