using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Themes;

/// <summary>A row of <c>Themes</c>.</summary>
public sealed class ThemeRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>The folded name (<see cref="TextKeys.ForName"/>): unique in the region, and the list's sort key.</summary>
    public string NameKey { get; init; } = string.Empty;

    public string? Description { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>SQL that several theme use cases (and the demo seeder) share.</summary>
public static class ThemesSql
{
    public const string Columns = "Id, RegionId, Name, NameKey, Description, Version, CreatedAt, UpdatedAt";

    public static readonly SqlStatement GetById = SqlStatement.Shared($"""
        SELECT {Columns}
        FROM Themes
        WHERE Id = @Id AND RegionId = @RegionId
        """);

    /// <summary>The theme of the region with this case-folded name, if any.</summary>
    public static readonly SqlStatement IdByNameKey = SqlStatement.Shared("""
        SELECT Id
        FROM Themes
        WHERE RegionId = @RegionId AND NameKey = @NameKey
        """);

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO Themes (Id, RegionId, Name, NameKey, Description, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @RegionId, @Name, @NameKey, @Description, @Version, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>
    /// Inserts <paramref name="row"/> and its change record in the caller's transaction. The name key is derived
    /// here from the name (whatever <see cref="ThemeRow.NameKey"/> says), so no caller can store one that disagrees
    /// with the name. A duplicate name fails on the unique index.
    /// </summary>
    public static async Task InsertAsync(DbSession session, ThemeRow row, string actor)
    {
        await session.ExecuteAsync(Insert, new
        {
            row.Id,
            row.RegionId,
            row.Name,
            NameKey = TextKeys.ForName(row.Name),
            row.Description,
            row.Version,
            row.CreatedAt,
            row.UpdatedAt,
        });
        await ChangeLog.RecordAsync(session, new ChangeEntry(
            row.RegionId, ThemesChanges.EntityType, ThemesChanges.EntityId(row.Id), "created", actor, row.CreatedAt, new { name = row.Name }, row.Version));
    }
}

/// <summary>How theme changes appear in the change records.</summary>
public static class ThemesChanges
{
    public const string EntityType = "theme";

    public static string EntityId(Guid id) => id.ToString("D");
}
