using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>A row of <c>FieldsOfAction</c>.</summary>
public sealed class FieldOfActionRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    public int Position { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>The part of a row that the list ETag covers: what changes whenever any item or the order changes.</summary>
public sealed class FieldOfActionStamp
{
    public Guid Id { get; init; }

    public int Version { get; init; }

    public int Position { get; init; }
}

/// <summary>SQL that several field-of-action use cases (and the demo seeder) share.</summary>
public static class FieldsOfActionSql
{
    private const string Columns = "Id, RegionId, Name, Description, Position, Version, CreatedAt, UpdatedAt";

    public static readonly SqlStatement GetById = SqlStatement.Shared($"""
        SELECT {Columns}
        FROM FieldsOfAction
        WHERE Id = @Id AND RegionId = @RegionId
        """);

    public static readonly SqlStatement ListAll = SqlStatement.Shared($"""
        SELECT {Columns}
        FROM FieldsOfAction
        WHERE RegionId = @RegionId
        ORDER BY Position, Id
        """);

    public static readonly SqlStatement Stamps = SqlStatement.Shared("""
        SELECT Id, Version, Position
        FROM FieldsOfAction
        WHERE RegionId = @RegionId
        ORDER BY Position, Id
        """);

    /// <summary>Another field of action of the region with the same case-folded name, if any.</summary>
    public static readonly SqlStatement IdByNameKey = SqlStatement.Shared("""
        SELECT Id
        FROM FieldsOfAction
        WHERE RegionId = @RegionId AND NameKey = @NameKey
        """);

    // Positions are not unique in the schema, so two concurrent creates must not both read the same maximum: on SQL
    // Server the range lock serialises them until commit; SQLite's write transaction already does.
    public static readonly SqlStatement NextPosition = SqlStatement.PerDialect(
        sqlite: """
            SELECT COALESCE(MAX(Position), 0) + 1
            FROM FieldsOfAction
            WHERE RegionId = @RegionId
            """,
        sqlServer: """
            SELECT COALESCE(MAX(Position), 0) + 1
            FROM FieldsOfAction WITH (UPDLOCK, HOLDLOCK)
            WHERE RegionId = @RegionId
            """);

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO FieldsOfAction (Id, RegionId, Name, NameKey, Description, Position, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @RegionId, @Name, @NameKey, @Description, @Position, @Version, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>The position a new field of action of the region gets: after the last one.</summary>
    public static Task<int> NextPositionAsync(DbSession session, Guid regionId) =>
        session.ExecuteScalarAsync<int>(NextPosition, new { RegionId = regionId });

    /// <summary>
    /// Inserts <paramref name="row"/> and its change record in the caller's transaction. The name key is derived
    /// here, so no caller can store one that disagrees with the name. A duplicate name fails on the unique index.
    /// </summary>
    public static async Task InsertAsync(DbSession session, FieldOfActionRow row, string actor)
    {
        await session.ExecuteAsync(Insert, new
        {
            row.Id,
            row.RegionId,
            row.Name,
            NameKey = TextKeys.ForName(row.Name),
            row.Description,
            row.Position,
            row.Version,
            row.CreatedAt,
            row.UpdatedAt,
        });
        await ChangeLog.RecordAsync(session, new ChangeEntry(
            row.RegionId, FieldsOfActionChanges.EntityType, FieldsOfActionChanges.EntityId(row.Id), "created", actor, row.CreatedAt,
            new { name = row.Name, position = row.Position }, row.Version));
    }
}

/// <summary>How field-of-action changes appear in the change records.</summary>
public static class FieldsOfActionChanges
{
    public const string EntityType = "field_of_action";

    /// <summary>The region's order as a whole; its entity id is the region's slug.</summary>
    public const string OrderEntityType = "field_of_action_order";

    public static string EntityId(Guid id) => id.ToString("D");
}
