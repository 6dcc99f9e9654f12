using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>SQL that the circulation use cases share.</summary>
public static class CirculationsSql
{
    public const string Columns = """
        Id, RegionId, Reference, Title, Text, Type, ProjectId, Supersedes, Deadline, State, DecisionId, Version, CreatedAt, UpdatedAt
        """;

    /// <summary>A circulation's columns read through alias <c>c</c>, with its decision <c>d</c>'s project effect.</summary>
    public const string ReadColumns = """
        c.Id, c.RegionId, c.Reference, c.Title, c.Text, c.Type, c.ProjectId, c.Supersedes, c.Deadline, c.State, c.DecisionId,
        c.Version, c.CreatedAt, c.UpdatedAt, c.ClosedAt, c.ClosedBy, c.CancelledAt, c.CancelledBy, c.CancelReason,
        c.ClosingBlockedAt, c.ClosingBlockedType, c.ClosingBlockedReason, d.EffectStatus, d.EffectCategory, d.EffectVersion
        """;

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO Circulations ({Columns})
        VALUES (@Id, @RegionId, @Reference, @Title, @Text, @Type, @ProjectId, @Supersedes, @Deadline, @State, @DecisionId, @Version, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>One seat per member active now: later (de)activations do not change an open circulation's seats.</summary>
    public static readonly SqlStatement InsertSeats = SqlStatement.Shared("""
        INSERT INTO CirculationSeats (CirculationId, RegionId, Ags, Vote, VotedAt)
        SELECT @CirculationId, RegionId, Ags, NULL, NULL FROM Members WHERE RegionId = @RegionId AND IsActive = 1
        """);

    /// <summary>
    /// The circulation and its seats. On SQL Server the first statement holds the circulation until the transaction
    /// ends, so that votes, closing and cancelling take turns (SQLite's write transactions are serial anyway).
    /// </summary>
    public static readonly SqlStatement GetWhole = SqlStatement.PerDialect(
        sqlite: $"""
            SELECT {ReadColumns} FROM Circulations c LEFT JOIN Decisions d ON d.Id = c.DecisionId WHERE c.Id = @Id AND c.RegionId = @RegionId;
            SELECT CirculationId, Ags, Vote, VotedAt FROM CirculationSeats WHERE CirculationId = @Id;
            """,
        sqlServer: $"""
            SELECT {ReadColumns} FROM Circulations c WITH (UPDLOCK, HOLDLOCK) LEFT JOIN Decisions d ON d.Id = c.DecisionId WHERE c.Id = @Id AND c.RegionId = @RegionId;
            SELECT CirculationId, Ags, Vote, VotedAt FROM CirculationSeats WHERE CirculationId = @Id;
            """);

    /// <summary>Open circulations of every region that are due to close: deadline passed, or no seat left to vote.</summary>
    public static readonly SqlStatement DueIds = SqlStatement.Shared("""
        SELECT c.RegionId, c.Id FROM Circulations c
        WHERE c.State = 'open'
          AND (c.Deadline <= @CheckedAt OR NOT EXISTS (SELECT 1 FROM CirculationSeats s WHERE s.CirculationId = c.Id AND s.Vote IS NULL))
        ORDER BY c.Deadline, c.Id
        """);

    public static readonly SqlStatement CastVote = SqlStatement.Shared("""
        UPDATE CirculationSeats SET Vote = @Vote, VotedAt = @VotedAt
        WHERE CirculationId = @CirculationId AND Ags = @Ags AND Vote IS NULL
        """);

    public static readonly SqlStatement Touch = SqlStatement.Shared("""
        UPDATE Circulations SET Version = Version + 1, UpdatedAt = @UpdatedAt WHERE Id = @Id AND State = 'open' AND Version = @ExpectedVersion
        """);

    /// <summary>Only an open circulation closes: 0 rows means another request or instance closed (or cancelled) it first.</summary>
    public static readonly SqlStatement Close = SqlStatement.Shared("""
        UPDATE Circulations
        SET State = 'closed', DecisionId = @DecisionId, ClosedAt = @UpdatedAt, ClosedBy = @Actor,
            ClosingBlockedAt = NULL, ClosingBlockedType = NULL, ClosingBlockedReason = NULL, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'open' AND Version = @ExpectedVersion
        """);

    public static readonly SqlStatement Cancel = SqlStatement.Shared("""
        UPDATE Circulations
        SET State = 'cancelled', CancelledAt = @UpdatedAt, CancelledBy = @Actor, CancelReason = @Reason,
            ClosingBlockedAt = NULL, ClosingBlockedType = NULL, ClosingBlockedReason = NULL, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'open' AND Version = @ExpectedVersion
        """);

    /// <summary>Records why closing was refused; changes nothing (no new version) when that reason is already recorded.</summary>
    public static readonly SqlStatement RecordClosingBlocked = SqlStatement.Shared("""
        UPDATE Circulations
        SET ClosingBlockedAt = @UpdatedAt, ClosingBlockedType = @ClosingBlockedType, ClosingBlockedReason = @ClosingBlockedReason,
            Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'open'
          AND (ClosingBlockedType IS NULL OR ClosingBlockedType <> @ClosingBlockedType OR ClosingBlockedReason <> @ClosingBlockedReason)
        """);

    /// <summary>Reads a circulation with its seats (locking it on SQL Server inside a transaction), or null when it is not in the region.</summary>
    public static async Task<CirculationAggregate?> LoadAsync(DbSession session, Guid regionId, Guid id)
    {
        using var grid = await session.QueryMultipleAsync(GetWhole, new { Id = id, RegionId = regionId });
        var row = await grid.ReadSingleOrDefaultAsync<CirculationRow>();
        var seats = (await grid.ReadAsync<CirculationSeatRow>()).ToList();
        return row is null ? null : new CirculationAggregate(row, seats);
    }
}
