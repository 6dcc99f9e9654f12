using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Members;

/// <summary>A row of <c>Members</c>.</summary>
/// <remarks>A record, unlike <c>RegionRow</c>: updates copy the stored row with <c>with</c> and change a few fields.</remarks>
public sealed record MemberRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Ags { get; init; } = string.Empty;

    /// <summary><c>district</c> or <c>municipality</c>, as the CHECK constraint spells it (see <see cref="MemberKinds"/>).</summary>
    public string Kind { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public int? Population { get; init; }

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public string? ContactPhone { get; init; }

    public bool IsActive { get; init; }

    public DateTimeOffset? DeactivatedAt { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A new, active member at version 1 with a service-made key.</summary>
    public static MemberRow New(Guid regionId, string ags, MemberKind kind, string name, int? population, DateTimeOffset now) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            RegionId = regionId,
            Ags = ags,
            Kind = MemberKinds.ToText(kind),
            Name = name,
            Population = population,
            IsActive = true,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
}

/// <summary>The stored text of <see cref="MemberKind"/>; the same words the JSON uses.</summary>
public static class MemberKinds
{
    public static string ToText(MemberKind kind) => kind switch
    {
        MemberKind.District => "district",
        MemberKind.Municipality => "municipality",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown member kind."),
    };

    public static MemberKind Parse(string text) => text switch
    {
        "district" => MemberKind.District,
        "municipality" => MemberKind.Municipality,
        _ => throw new InvalidOperationException($"Unknown member kind '{text}' in the database."),
    };
}

/// <summary>SQL that several member use cases share, and the one way to insert a member.</summary>
internal static class MembersSql
{
    /// <summary>The columns of <see cref="MemberRow"/>, for every statement that reads members.</summary>
    public const string Columns = """
        Id, RegionId, Ags, Kind, Name, Population, ContactName, ContactEmail, ContactPhone,
        IsActive, DeactivatedAt, Version, CreatedAt, UpdatedAt
        """;

    public static readonly SqlStatement GetByAgs = SqlStatement.Shared($"""
        SELECT {Columns}
        FROM Members
        WHERE RegionId = @RegionId AND Ags = @Ags
        """);

    public static readonly SqlStatement AgsOfKind = SqlStatement.Shared("""
        SELECT Ags
        FROM Members
        WHERE RegionId = @RegionId AND Kind = @Kind
        """);

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO Members ({Columns})
        VALUES (@Id, @RegionId, @Ags, @Kind, @Name, @Population, @ContactName, @ContactEmail, @ContactPhone,
                @IsActive, @DeactivatedAt, @Version, @CreatedAt, @UpdatedAt)
        """);

    public static readonly SqlStatement SetActive = SqlStatement.Shared("""
        UPDATE Members
        SET IsActive = @IsActive, DeactivatedAt = @DeactivatedAt, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    /// <summary>
    /// Inserts <paramref name="row"/> and its "created" change record in the session's transaction. The create
    /// endpoint and the demo seeder both go through here, so the insert exists once and is always recorded.
    /// </summary>
    public static async Task InsertAsync(DbSession session, MemberRow row, string actor)
    {
        await session.ExecuteAsync(Insert, row);
        await ChangeLog.RecordAsync(session, new ChangeEntry(row.RegionId, "member", row.Ags, "created", actor, row.CreatedAt,
            new { kind = row.Kind }, row.Version));
    }
}
