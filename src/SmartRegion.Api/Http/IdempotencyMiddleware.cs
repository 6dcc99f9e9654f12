using System.Security.Cryptography;
using System.Text;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Http;

/// <summary>
/// <c>Idempotency-Key</c> on POST: the first request with a key reserves it in the database, runs, and stores its
/// successful response; a repeat with the same body within 24 h gets that response again without running, a
/// repeat with another body gets 422, and a repeat while the first still runs gets 409. Keys are scoped to the
/// credential. Failed requests release the key so the client can correct and retry.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    private static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public async Task InvokeAsync(HttpContext context, SmartRegionDb db, Clock clock)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength)
        {
            throw ApiProblemException.Invalid($"The {HeaderName} header must be at most {MaxKeyLength} characters.");
        }

        var scope = Caller.From(context.User).Id;
        var requestHash = await HashRequestAsync(context.Request);
        var now = clock.Now();
        var ct = context.RequestAborted;

        await using (var session = await db.OpenAsync(ct))
        {
            await session.ExecuteAsync(Sql.DeleteExpired, new { Cutoff = now - Retention });
            try
            {
                await session.ExecuteAsync(Sql.Reserve, new { Scope = scope, IdempotencyKey = key, RequestHash = requestHash, CreatedAt = now });
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                var stored = await session.QuerySingleOrDefaultAsync<StoredResponse>(Sql.Find, new { Scope = scope, IdempotencyKey = key });
                await AnswerRepeatAsync(context, stored, requestHash);
                return;
            }
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            context.Response.Body = originalBody;
            await using var session = await db.OpenAsync(CancellationToken.None);
            if (completed && context.Response.StatusCode is >= 200 and < 300)
            {
                await session.ExecuteAsync(Sql.Complete, new
                {
                    Scope = scope,
                    IdempotencyKey = key,
                    context.Response.StatusCode,
                    context.Response.ContentType,
                    Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    ETag = context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                    ResponseBody = Encoding.UTF8.GetString(buffer.ToArray()),
                });
            }
            else
            {
                await session.ExecuteAsync(Sql.Release, new { Scope = scope, IdempotencyKey = key });
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, ct);
    }

    private static async Task AnswerRepeatAsync(HttpContext context, StoredResponse? stored, string requestHash)
    {
        if (stored is null)
        {
            // The first request failed and released the key between our insert and our read: ask for a retry.
            throw InProgress();
        }

        if (stored.RequestHash != requestHash)
        {
            throw new ApiProblemException(
                StatusCodes.Status422UnprocessableEntity,
                ProblemTypes.IdempotencyKeyReused,
                "Idempotency key reused",
                $"This {HeaderName} was already used with a different request; use a new key for a new request.");
        }

        if (stored.StatusCode is null)
        {
            throw InProgress();
        }

        context.Response.StatusCode = stored.StatusCode.Value;
        context.Response.ContentType = stored.ContentType;
        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        if (stored.ETag is not null)
        {
            context.Response.Headers.ETag = stored.ETag;
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        await context.Response.WriteAsync(stored.ResponseBody ?? string.Empty, context.RequestAborted);
    }

    private static ApiProblemException InProgress()
    {
        return new ApiProblemException(
            StatusCodes.Status409Conflict,
            ProblemTypes.IdempotencyKeyInProgress,
            "Request in progress",
            $"A request with this {HeaderName} is still being processed; retry in a moment.");
    }

    private static async Task<string> HashRequestAsync(HttpRequest request)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed class StoredResponse
    {
        public string RequestHash { get; init; } = string.Empty;

        public int? StatusCode { get; init; }

        public string? ContentType { get; init; }

        public string? Location { get; init; }

        public string? ETag { get; init; }

        public string? ResponseBody { get; init; }
    }

    internal static class Sql
    {
        public static readonly SqlStatement DeleteExpired = SqlStatement.Shared(
            "DELETE FROM IdempotencyKeys WHERE CreatedAt < @Cutoff");

        public static readonly SqlStatement Reserve = SqlStatement.Shared("""
            INSERT INTO IdempotencyKeys (Scope, IdempotencyKey, RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody, CreatedAt)
            VALUES (@Scope, @IdempotencyKey, @RequestHash, NULL, NULL, NULL, NULL, NULL, @CreatedAt)
            """);

        public static readonly SqlStatement Find = SqlStatement.Shared("""
            SELECT RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody
            FROM IdempotencyKeys
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey
            """);

        public static readonly SqlStatement Complete = SqlStatement.Shared("""
            UPDATE IdempotencyKeys
            SET StatusCode = @StatusCode, ContentType = @ContentType, Location = @Location, ETag = @ETag, ResponseBody = @ResponseBody
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey
            """);

        public static readonly SqlStatement Release = SqlStatement.Shared(
            "DELETE FROM IdempotencyKeys WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey");
    }
}
