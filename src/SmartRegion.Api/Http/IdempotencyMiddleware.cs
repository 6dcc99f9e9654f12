using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Http;

/// <summary>Settings of the <c>Idempotency</c> section.</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a reservation keeps other requests with its key out; after it, a retry may run.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often expired keys are removed.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// <c>Idempotency-Key</c> on POST, exactly once also across crashes. The first request with a key reserves it (a
/// committed row carrying a lease) and runs with its writes held in a <see cref="DeferredTransaction"/>; its
/// successful response is stored in that same transaction, so a write is never committed without its stored
/// response. A repeat with the same body within 24 h gets the stored response without running, with another body
/// 422, while the reservation's lease runs 409. A reservation whose lease expired without a stored response belongs
/// to a request that never committed (it crashed or hung): a retry takes it over and runs. Should the first request
/// still try to commit afterwards, it finds its reservation gone and rolls back. Failed requests write nothing and
/// release the key. Keys are scoped to the credential; <see cref="IdempotencyCleanup"/> removes expired ones.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    public const string HeaderName = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Endpoint metadata: the operation refuses an <see cref="HeaderName"/> (its answer must not be stored).</summary>
    public sealed class Refused
    {
        public static readonly Refused Instance = new();

        private Refused()
        {
        }
    }

    public async Task InvokeAsync(HttpContext context, SmartRegionDb db, Clock clock, IOptions<IdempotencyOptions> options)
    {
        var key = context.Request.Headers[HeaderName].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || string.IsNullOrEmpty(key) || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<Refused>() is not null)
        {
            throw ApiProblemException.Invalid($"This operation does not accept an {HeaderName}: its answer holds a secret that is never stored for a replay.");
        }

        if (key.Length > MaxKeyLength)
        {
            throw ApiProblemException.Invalid($"The {HeaderName} header must be at most {MaxKeyLength} characters.");
        }

        var reservation = new Reservation(Caller.From(context.User).Id, key, await HashRequestAsync(context.Request), clock.Now());
        if (!await ReserveAsync(context, db, reservation, options.Value.Lease))
        {
            return;
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var committed = false;
        try
        {
            await using (var deferred = DeferredTransaction.Begin())
            {
                await next(context);
                if (context.Response.StatusCode is >= 200 and < 300)
                {
                    var completion = Completion(context, reservation, buffer);
                    if (deferred.HasWrites)
                    {
                        await deferred.CommitAsync(session => CompleteAsync(session, completion), CancellationToken.None);
                    }
                    else
                    {
                        await using var session = await db.OpenAsync(CancellationToken.None);
                        await CompleteAsync(session, completion);
                    }

                    committed = true;
                }
            }
        }
        finally
        {
            context.Response.Body = originalBody;
            if (!committed)
            {
                // Only our own, uncompleted reservation: after an ambiguous commit failure a completed row stays.
                await using var session = await db.OpenAsync(CancellationToken.None);
                await session.ExecuteAsync(Sql.Release, reservation);
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    /// <summary>True when this request holds the key and should run; otherwise the repeat has been answered.</summary>
    private static async Task<bool> ReserveAsync(HttpContext context, SmartRegionDb db, Reservation reservation, TimeSpan lease)
    {
        await using var session = await db.OpenAsync(context.RequestAborted);
        try
        {
            await session.ExecuteAsync(Sql.Reserve, reservation);
            return true;
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Another request holds or held the key; decide below.
        }

        var stored = await session.QuerySingleOrDefaultAsync<StoredResponse>(Sql.Find, reservation);
        if (stored is null)
        {
            // The other request failed and released the key between our insert and our read.
            throw InProgress();
        }

        var expired = stored.CreatedAt < reservation.ReservedAt - Retention;
        if (!expired && stored.RequestHash != reservation.RequestHash)
        {
            throw new ApiProblemException(
                StatusCodes.Status422UnprocessableEntity,
                ProblemTypes.IdempotencyKeyReused,
                "Idempotency key reused",
                $"This {HeaderName} was already used with a different request; use a new key for a new request.");
        }

        if (!expired && stored.StatusCode is not null)
        {
            await ReplayAsync(context, stored);
            return false;
        }

        var abandoned = stored.StatusCode is null && stored.CreatedAt < reservation.ReservedAt - lease;
        if (expired || abandoned)
        {
            // Compare-and-set on the time of the reservation we saw: of several retries exactly one takes it over.
            var taken = await session.ExecuteAsync(Sql.TakeOver, new
            {
                reservation.Scope,
                reservation.IdempotencyKey,
                reservation.RequestHash,
                reservation.ReservedAt,
                SeenReservedAt = stored.CreatedAt,
            });
            if (taken == 1)
            {
                return true;
            }
        }

        throw InProgress();
    }

    private static object Completion(HttpContext context, Reservation reservation, MemoryStream buffer) => new
    {
        reservation.Scope,
        reservation.IdempotencyKey,
        reservation.ReservedAt,
        context.Response.StatusCode,
        context.Response.ContentType,
        Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
        ETag = context.Response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
        ResponseBody = Encoding.UTF8.GetString(buffer.ToArray()),
    };

    private static async Task CompleteAsync(DbSession session, object completion)
    {
        if (await session.ExecuteAsync(Sql.Complete, completion) != 1)
        {
            // Our lease ran out and a retry took the key over: it runs the write, so ours must not commit.
            throw InProgress();
        }
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse stored)
    {
        context.Response.StatusCode = stored.StatusCode!.Value;
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
        Setup.SmartRegionMetrics.IdempotentReplay(stored.StatusCode.Value);
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

    /// <summary>
    /// This request's hold on a key. <see cref="ReservedAt"/> (stored as <c>CreatedAt</c>) starts the lease and names
    /// the reservation: a takeover happens only a lease after it, so every reservation of a key has its own time.
    /// </summary>
    private sealed record Reservation(string Scope, string IdempotencyKey, string RequestHash, DateTimeOffset ReservedAt);

    private sealed class StoredResponse
    {
        public string RequestHash { get; init; } = string.Empty;

        public int? StatusCode { get; init; }

        public string? ContentType { get; init; }

        public string? Location { get; init; }

        public string? ETag { get; init; }

        public string? ResponseBody { get; init; }

        public DateTimeOffset CreatedAt { get; init; }
    }

    internal static class Sql
    {
        public static readonly SqlStatement DeleteExpired = SqlStatement.Shared(
            "DELETE FROM IdempotencyKeys WHERE CreatedAt < @Cutoff");

        public static readonly SqlStatement Reserve = SqlStatement.Shared("""
            INSERT INTO IdempotencyKeys (Scope, IdempotencyKey, RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody, CreatedAt)
            VALUES (@Scope, @IdempotencyKey, @RequestHash, NULL, NULL, NULL, NULL, NULL, @ReservedAt)
            """);

        public static readonly SqlStatement Find = SqlStatement.Shared("""
            SELECT RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody, CreatedAt
            FROM IdempotencyKeys
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey
            """);

        public static readonly SqlStatement TakeOver = SqlStatement.Shared("""
            UPDATE IdempotencyKeys
            SET RequestHash = @RequestHash, StatusCode = NULL, ContentType = NULL, Location = NULL, ETag = NULL, ResponseBody = NULL,
                CreatedAt = @ReservedAt
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey AND CreatedAt = @SeenReservedAt
            """);

        public static readonly SqlStatement Complete = SqlStatement.Shared("""
            UPDATE IdempotencyKeys
            SET StatusCode = @StatusCode, ContentType = @ContentType, Location = @Location, ETag = @ETag, ResponseBody = @ResponseBody
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey AND CreatedAt = @ReservedAt AND StatusCode IS NULL
            """);

        public static readonly SqlStatement Release = SqlStatement.Shared("""
            DELETE FROM IdempotencyKeys
            WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey AND CreatedAt = @ReservedAt AND StatusCode IS NULL
            """);
    }
}

/// <summary>Removes idempotency keys older than the retention, every <c>Idempotency:CleanupInterval</c>.</summary>
public sealed class IdempotencyCleanup(SmartRegionDb db, Clock clock, IOptions<IdempotencyOptions> options, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var session = await db.OpenAsync(stoppingToken);
                var removed = await session.ExecuteAsync(IdempotencyMiddleware.Sql.DeleteExpired, new { Cutoff = clock.Now() - IdempotencyMiddleware.Retention });
                logger.LogDebug("Removed {Count} expired idempotency keys", removed);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The database may be down for a while; the next tick tries again.
                logger.LogWarning(ex, "Removing expired idempotency keys failed");
            }
        }
    }
}
