using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>SQL that the circulation use cases share.</summary>
public static class CirculationsSql
{
    public const string Columns = """
        Id, RegionId, Reference, Title, Text, Type, ProjectId, Supersedes, Deadline, State, DecisionId, Version, CreatedAt, UpdatedAt
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
    /// ends, so that votes and the close take turns (SQLite's write transactions are serial anyway).
    /// </summary>
    public static readonly SqlStatement GetWhole = SqlStatement.PerDialect(
        sqlite: $"""
            SELECT {Columns} FROM Circulations WHERE Id = @Id AND RegionId = @RegionId;
            SELECT CirculationId, Ags, Vote, VotedAt FROM CirculationSeats WHERE CirculationId = @Id;
            """,
        sqlServer: $"""
            SELECT {Columns} FROM Circulations WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id AND RegionId = @RegionId;
            SELECT CirculationId, Ags, Vote, VotedAt FROM CirculationSeats WHERE CirculationId = @Id;
            """);

    public static readonly SqlStatement CountOpenWithReference = SqlStatement.Shared(
        "SELECT COUNT(*) FROM Circulations WHERE RegionId = @RegionId AND Reference = @Reference AND State = 'open'");

    /// <summary>Open circulations of the region that are due to close: deadline passed, or no seat left to vote.</summary>
    public static readonly SqlStatement DueIds = SqlStatement.Shared("""
        SELECT c.Id FROM Circulations c
        WHERE c.RegionId = @RegionId AND c.State = 'open'
          AND (c.Deadline <= @CheckedAt OR NOT EXISTS (SELECT 1 FROM CirculationSeats s WHERE s.CirculationId = c.Id AND s.Vote IS NULL))
        """);

    public static readonly SqlStatement CastVote = SqlStatement.Shared("""
        UPDATE CirculationSeats SET Vote = @Vote, VotedAt = @VotedAt
        WHERE CirculationId = @CirculationId AND Ags = @Ags AND Vote IS NULL
        """);

    public static readonly SqlStatement Touch = SqlStatement.Shared("""
        UPDATE Circulations SET Version = Version + 1, UpdatedAt = @UpdatedAt WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    public static readonly SqlStatement Close = SqlStatement.Shared("""
        UPDATE Circulations SET State = 'closed', DecisionId = @DecisionId, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'open' AND Version = @ExpectedVersion
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
