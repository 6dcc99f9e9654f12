using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Auth;

/// <summary>
/// API keys: random secrets shown once at creation and stored only as SHA-256 hashes, each bound to a role, a
/// region (not for admin) and, for members, an AGS, optionally until an expiry. A key found in the database is kept
/// in memory for at most <see cref="AuthOptions.ApiKeyCacheSeconds"/> (real time), so a client's requests are not one
/// key lookup each. Its expiry is checked against the clock on every request; a revocation or a member's
/// deactivation through this instance empties the cache as soon as it commits (before the answer leaves), so it
/// holds from the very next request here; on another instance within the cache interval at the latest. Unknown keys
/// are never cached (a key created on another instance works at once, and guessing fills no memory).
/// </summary>
public sealed class ApiKeyStore(SmartRegionDb db, Clock clock, IOptions<AuthOptions> authOptions)
{
    /// <summary>Beyond this many cached keys the cache starts over (it only ever holds keys that exist).</summary>
    private const int MaxCachedKeys = 10_000;

    private readonly ConcurrentDictionary<string, CachedKey> cache = new(StringComparer.Ordinal);
    private readonly long cacheMilliseconds = (long)authOptions.Value.ApiKeyCacheSeconds * 1000;
    private readonly Lock cacheLock = new();
    private long cacheGeneration;

    private const string KeyPrefix = "sr_";
    private const string EntityType = "api_key";

    // Keys are managed from the command line on the server, which has no credential of its own.
    private const string Actor = "command-line";

    /// <summary>"Last used" is written at most this often per key, so using a key is not a write per request.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public Task<CreatedApiKey> CreateAsync(string role, string? regionSlug, string? ags, string label, CancellationToken cancellationToken) =>
        CreateAsync(role, regionSlug, ags, label, expiresAt: null, Actor, cancellationToken);

    /// <summary>Creates a key; <see cref="ArgumentException"/> names what makes the request impossible.</summary>
    public async Task<CreatedApiKey> CreateAsync(string role, string? regionSlug, string? ags, string label, DateTimeOffset? expiresAt, string actor, CancellationToken cancellationToken)
    {
        if (!RoleNames.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'. Use one of: {string.Join(", ", RoleNames.All)}.");
        }

        if (role == RoleNames.Admin && (regionSlug is not null || ags is not null))
        {
            throw new ArgumentException("An admin key is not bound to a region or AGS.");
        }

        if (role != RoleNames.Admin && regionSlug is null)
        {
            throw new ArgumentException($"A {role} key needs --region.");
        }

        if ((role == RoleNames.Member) != (ags is not null))
        {
            throw new ArgumentException(role == RoleNames.Member ? "A member key needs --ags." : "Only member keys carry an AGS.");
        }

        var createdAt = clock.Now();
        // Stored as the clock stores its own timestamps (UTC, whole microseconds), so it reads back unchanged.
        expiresAt = expiresAt is { } given ? new DateTimeOffset(given.UtcTicks - (given.UtcTicks % 10), TimeSpan.Zero) : null;
        if (expiresAt is not null && expiresAt <= createdAt)
        {
            throw new ArgumentException("The expiry must be in the future.");
        }

        var key = KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var id = Guid.CreateVersion7();
        await db.InTransactionAsync(
            async session =>
            {
                Guid? regionId = null;
                if (regionSlug is not null)
                {
                    regionId = await session.QuerySingleOrDefaultAsync<Guid?>(Sql.RegionIdBySlug, new { Slug = regionSlug })
                        ?? throw new ArgumentException($"No region '{regionSlug}'.");
                    if (ags is not null)
                    {
                        var isMember = await session.ExecuteScalarAsync<int>(Sql.MemberExists, new { RegionId = regionId, Ags = ags });
                        if (isMember == 0)
                        {
                            throw new ArgumentException($"No member {ags} in region '{regionSlug}'.");
                        }
                    }
                }

                await session.ExecuteAsync(Sql.Insert, new
                {
                    Id = id,
                    KeyHash = Hash(key),
                    Role = role,
                    RegionId = regionId,
                    Ags = ags,
                    Label = label,
                    CreatedAt = createdAt,
                    ExpiresAt = expiresAt,
                });
                await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, EntityType, id.ToString("D"), "created", actor, createdAt, new { role, ags, label, expiresAt }));
            },
            cancellationToken);
        var listing = new ApiKeyListing { Id = id, Role = role, RegionSlug = regionSlug, Ags = ags, Label = label, CreatedAt = createdAt, ExpiresAt = expiresAt };
        return new CreatedApiKey(id, key, listing);
    }

    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) => RevokeAsync(id, Actor, cancellationToken);

    public Task<bool> RevokeAsync(Guid id, string actor, CancellationToken cancellationToken) =>
        RevokeWhereAsync(Sql.ActiveById, new { Id = id }, actor, cancellationToken);

    /// <summary>Revokes every active key with this label (used so a repeated demo seed leaves one valid demo key).</summary>
    public Task<bool> RevokeByLabelAsync(string label, CancellationToken cancellationToken) =>
        RevokeWhereAsync(Sql.ActiveByLabel, new { Label = label }, Actor, cancellationToken);

    private Task<bool> RevokeWhereAsync(SqlStatement select, object args, string actor, CancellationToken cancellationToken) =>
        db.InTransactionAsync(
            async session =>
            {
                var now = clock.Now();
                var keys = (await session.QueryAsync<StoredApiKey>(select, args)).ToList();
                foreach (var key in keys)
                {
                    await session.ExecuteAsync(Sql.Revoke, new { key.Id, RevokedAt = now });
                    await ChangeLog.RecordAsync(session, new ChangeEntry(key.RegionId, EntityType, key.Id.ToString("D"), "revoked", actor, now));
                }

                if (keys.Count > 0)
                {
                    session.AfterCommit(ForgetCached);
                }

                return keys.Count > 0;
            },
            cancellationToken);

    /// <summary>
    /// Empties the key cache; called once a write that can make a cached key invalid (a revocation, a member's
    /// deactivation) has committed. A lookup that read the database before this call does not store its result.
    /// </summary>
    public void ForgetCached()
    {
        lock (cacheLock)
        {
            cacheGeneration++;
            cache.Clear();
        }
    }

    /// <summary>
    /// The unrevoked, unexpired key with this secret, or null; records its use when the last record is older than
    /// <see cref="LastUsedResolution"/>.
    /// </summary>
    public async Task<StoredApiKey?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        var now = clock.Now();
        var hash = Hash(key);
        if (cache.TryGetValue(hash, out var cached) && Environment.TickCount64 - cached.LoadedAt < cacheMilliseconds
            && cached.Key.LastUsedAt > now - LastUsedResolution)
        {
            if (cached.Key.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                cache.TryRemove(hash, out _);
                return null;
            }

            return cached.Key;
        }

        // A miss, an entry past its interval, or a "last used" due for its write: one look at the database.
        var generation = Volatile.Read(ref cacheGeneration);
        StoredApiKey? stored;
        await using (var session = await db.OpenAsync(cancellationToken))
        {
            stored = await session.QuerySingleOrDefaultAsync<StoredApiKey>(Sql.FindActive, new { KeyHash = hash, Now = now });
            if (stored is not null && (stored.LastUsedAt is null || stored.LastUsedAt <= now - LastUsedResolution))
            {
                // The condition repeats in SQL so that instances racing for the same minute write once.
                await session.ExecuteAsync(Sql.TouchLastUsed, new { stored.Id, Now = now, Threshold = now - LastUsedResolution });
                stored = stored with { LastUsedAt = now };
            }
        }

        if (stored is null)
        {
            cache.TryRemove(hash, out _);
        }
        else if (cacheMilliseconds > 0)
        {
            lock (cacheLock)
            {
                // A revocation that committed while this lookup ran has emptied the cache: its result is not kept.
                if (generation == cacheGeneration)
                {
                    if (cache.Count >= MaxCachedKeys)
                    {
                        cache.Clear();
                    }

                    cache[hash] = new CachedKey(stored, Environment.TickCount64);
                }
            }
        }

        return stored;
    }

    private sealed record CachedKey(StoredApiKey Key, long LoadedAt);

    /// <summary>One key, revoked or not, with its region's id for scope checks; null when unknown.</summary>
    public async Task<ApiKeyListing?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var session = await db.OpenAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<ApiKeyListing>(Sql.ById, new { Id = id });
    }

    /// <summary>
    /// A page of keys in creation order: of one region (or all when <paramref name="regionId"/> is null), only member
    /// and reader keys when <paramref name="membersAndReadersOnly"/>.
    /// </summary>
    public async Task<IReadOnlyList<ApiKeyListing>> PageAsync(Guid? regionId, bool membersAndReadersOnly, DateTimeOffset? afterCreatedAt, Guid? afterId, int take, CancellationToken cancellationToken)
    {
        await using var session = await db.OpenAsync(cancellationToken);
        return (await session.QueryAsync<ApiKeyListing>(Sql.Page, new
        {
            RegionId = regionId,
            MembersAndReadersOnly = membersAndReadersOnly ? 1 : 0,
            AfterCreatedAt = afterCreatedAt,
            AfterId = afterId,
            Take = take,
        })).ToList();
    }

    /// <summary>True once an unrevoked admin key is stored; from then on the bootstrap key is refused.</summary>
    public async Task<bool> ActiveAdminExistsAsync(CancellationToken cancellationToken)
    {
        await using var session = await db.OpenAsync(cancellationToken);
        return await session.ExecuteScalarAsync<int>(Sql.ActiveAdminExists) > 0;
    }

    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(CancellationToken cancellationToken)
    {
        await using var session = await db.OpenAsync(cancellationToken);
        return (await session.QueryAsync<ApiKeyListing>(Sql.List)).ToList();
    }

    internal static class Sql
    {
        public static readonly SqlStatement RegionIdBySlug = SqlStatement.Shared(
            "SELECT Id FROM Regions WHERE Slug = @Slug");

        public static readonly SqlStatement MemberExists = SqlStatement.Shared(
            "SELECT COUNT(*) FROM Members WHERE RegionId = @RegionId AND Ags = @Ags");

        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO ApiKeys (Id, KeyHash, Role, RegionId, Ags, Label, CreatedAt, RevokedAt, ExpiresAt, LastUsedAt)
            VALUES (@Id, @KeyHash, @Role, @RegionId, @Ags, @Label, @CreatedAt, NULL, @ExpiresAt, NULL)
            """);

        public static readonly SqlStatement Revoke = SqlStatement.Shared(
            "UPDATE ApiKeys SET RevokedAt = @RevokedAt WHERE Id = @Id AND RevokedAt IS NULL");

        public static readonly SqlStatement ActiveById = SqlStatement.Shared(
            "SELECT Id, Role, RegionId, Ags, Label FROM ApiKeys WHERE Id = @Id AND RevokedAt IS NULL");

        public static readonly SqlStatement ActiveByLabel = SqlStatement.Shared(
            "SELECT Id, Role, RegionId, Ags, Label FROM ApiKeys WHERE Label = @Label AND RevokedAt IS NULL");

        // A member key works only while its member is active (deactivation suspends it, reactivation restores it).
        public static readonly SqlStatement FindActive = SqlStatement.Shared("""
            SELECT k.Id, k.Role, k.RegionId, k.Ags, k.Label, k.ExpiresAt, k.LastUsedAt
            FROM ApiKeys k
            WHERE k.KeyHash = @KeyHash AND k.RevokedAt IS NULL
              AND (k.ExpiresAt IS NULL OR k.ExpiresAt > @Now)
              AND (k.Ags IS NULL OR EXISTS (
                  SELECT 1 FROM Members m WHERE m.RegionId = k.RegionId AND m.Ags = k.Ags AND m.IsActive = 1))
            """);

        public static readonly SqlStatement ActiveAdminExists = SqlStatement.Shared(
            "SELECT COUNT(*) FROM ApiKeys WHERE Role = 'admin' AND RevokedAt IS NULL");

        public static readonly SqlStatement TouchLastUsed = SqlStatement.Shared(
            "UPDATE ApiKeys SET LastUsedAt = @Now WHERE Id = @Id AND (LastUsedAt IS NULL OR LastUsedAt <= @Threshold)");

        private const string ListColumns =
            "k.Id, k.Role, k.RegionId, r.Slug AS RegionSlug, k.Ags, k.Label, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt";

        private const string ListFrom = "FROM ApiKeys k LEFT JOIN Regions r ON r.Id = k.RegionId";

        public static readonly SqlStatement ById = SqlStatement.Shared($"SELECT {ListColumns} {ListFrom} WHERE k.Id = @Id");

        // Creation order, the id breaking ties (SQL Server sorts uniqueidentifier in an order of its own, so the
        // version 7 ids alone are not the creation order there).
        private const string PageFilter = """
            WHERE (@RegionId IS NULL OR k.RegionId = @RegionId)
              AND (@MembersAndReadersOnly = 0 OR k.Role IN ('member', 'reader'))
              AND (@AfterId IS NULL OR k.CreatedAt > @AfterCreatedAt OR (k.CreatedAt = @AfterCreatedAt AND k.Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {ListColumns}
                {ListFrom}
                {PageFilter}
                ORDER BY k.CreatedAt, k.Id
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {ListColumns}
                {ListFrom}
                {PageFilter}
                ORDER BY k.CreatedAt, k.Id
                """);

        // Every key with what the HTTP list shows of it (expiry, last use), for the command line.
        public static readonly SqlStatement List = SqlStatement.Shared($"SELECT {ListColumns} {ListFrom} ORDER BY k.CreatedAt, k.Id");
    }
}

/// <summary>A new key: the secret is in <see cref="Key"/> and nowhere else, ever.</summary>
public sealed record CreatedApiKey(Guid Id, string Key, ApiKeyListing Listing);

public sealed record StoredApiKey
{
    public Guid Id { get; init; }

    public string Role { get; init; } = string.Empty;

    public Guid? RegionId { get; init; }

    public string? Ags { get; init; }

    public string Label { get; init; } = string.Empty;

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }
}

public sealed class ApiKeyListing
{
    public Guid Id { get; init; }

    public string Role { get; init; } = string.Empty;

    public Guid? RegionId { get; init; }

    public string? RegionSlug { get; init; }

    public string? Ags { get; init; }

    public string Label { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
