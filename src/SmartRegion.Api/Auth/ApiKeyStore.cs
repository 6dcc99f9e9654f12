using System.Security.Cryptography;
using System.Text;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Auth;

/// <summary>
/// API keys: random secrets shown once at creation and stored only as SHA-256 hashes, each bound to a role, a
/// region (not for admin) and, for members, an AGS.
/// </summary>
public sealed class ApiKeyStore(SmartRegionDb db, Clock clock)
{
    private const string KeyPrefix = "sr_";
    private const string EntityType = "api_key";

    // Keys are managed from the command line on the server, which has no credential of its own.
    private const string Actor = "command-line";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<CreatedApiKey> CreateAsync(string role, string? regionSlug, string? ags, string label, CancellationToken cancellationToken)
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

                var now = clock.Now();
                await session.ExecuteAsync(Sql.Insert, new
                {
                    Id = id,
                    KeyHash = Hash(key),
                    Role = role,
                    RegionId = regionId,
                    Ags = ags,
                    Label = label,
                    CreatedAt = now,
                });
                await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, EntityType, id.ToString("D"), "created", Actor, now, new { role, ags, label }));
            },
            cancellationToken);
        return new CreatedApiKey(id, key);
    }

    public Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken) =>
        RevokeWhereAsync(Sql.ActiveById, new { Id = id }, cancellationToken);

    /// <summary>Revokes every active key with this label (used so a repeated demo seed leaves one valid demo key).</summary>
    public Task<bool> RevokeByLabelAsync(string label, CancellationToken cancellationToken) =>
        RevokeWhereAsync(Sql.ActiveByLabel, new { Label = label }, cancellationToken);

    private Task<bool> RevokeWhereAsync(SqlStatement select, object args, CancellationToken cancellationToken) =>
        db.InTransactionAsync(
            async session =>
            {
                var now = clock.Now();
                var keys = (await session.QueryAsync<StoredApiKey>(select, args)).ToList();
                foreach (var key in keys)
                {
                    await session.ExecuteAsync(Sql.Revoke, new { key.Id, RevokedAt = now });
                    await ChangeLog.RecordAsync(session, new ChangeEntry(key.RegionId, EntityType, key.Id.ToString("D"), "revoked", Actor, now));
                }

                return keys.Count > 0;
            },
            cancellationToken);

    public async Task<StoredApiKey?> FindActiveAsync(string key, CancellationToken cancellationToken)
    {
        await using var session = await db.OpenAsync(cancellationToken);
        return await session.QuerySingleOrDefaultAsync<StoredApiKey>(Sql.FindActive, new { KeyHash = Hash(key) });
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
            INSERT INTO ApiKeys (Id, KeyHash, Role, RegionId, Ags, Label, CreatedAt, RevokedAt)
            VALUES (@Id, @KeyHash, @Role, @RegionId, @Ags, @Label, @CreatedAt, NULL)
            """);

        public static readonly SqlStatement Revoke = SqlStatement.Shared(
            "UPDATE ApiKeys SET RevokedAt = @RevokedAt WHERE Id = @Id AND RevokedAt IS NULL");

        public static readonly SqlStatement ActiveById = SqlStatement.Shared(
            "SELECT Id, Role, RegionId, Ags, Label FROM ApiKeys WHERE Id = @Id AND RevokedAt IS NULL");

        public static readonly SqlStatement ActiveByLabel = SqlStatement.Shared(
            "SELECT Id, Role, RegionId, Ags, Label FROM ApiKeys WHERE Label = @Label AND RevokedAt IS NULL");

        // A member key works only while its member is active (deactivation suspends it, reactivation restores it).
        public static readonly SqlStatement FindActive = SqlStatement.Shared("""
            SELECT k.Id, k.Role, k.RegionId, k.Ags, k.Label
            FROM ApiKeys k
            WHERE k.KeyHash = @KeyHash AND k.RevokedAt IS NULL
              AND (k.Ags IS NULL OR EXISTS (
                  SELECT 1 FROM Members m WHERE m.RegionId = k.RegionId AND m.Ags = k.Ags AND m.IsActive = 1))
            """);

        public static readonly SqlStatement ActiveAdminExists = SqlStatement.Shared(
            "SELECT COUNT(*) FROM ApiKeys WHERE Role = 'admin' AND RevokedAt IS NULL");

        public static readonly SqlStatement List = SqlStatement.Shared("""
            SELECT k.Id, k.Role, r.Slug AS RegionSlug, k.Ags, k.Label, k.CreatedAt, k.RevokedAt
            FROM ApiKeys k
            LEFT JOIN Regions r ON r.Id = k.RegionId
            ORDER BY k.CreatedAt, k.Id
            """);
    }
}

/// <summary>A new key: the secret is in <see cref="Key"/> and nowhere else, ever.</summary>
public sealed record CreatedApiKey(Guid Id, string Key);

public sealed class StoredApiKey
{
    public Guid Id { get; init; }

    public string Role { get; init; } = string.Empty;

    public Guid? RegionId { get; init; }

    public string? Ags { get; init; }

    public string Label { get; init; } = string.Empty;
}

public sealed class ApiKeyListing
{
    public Guid Id { get; init; }

    public string Role { get; init; } = string.Empty;

    public string? RegionSlug { get; init; }

    public string? Ags { get; init; }

    public string Label { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}
