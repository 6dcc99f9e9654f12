using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>SQL that the decision use cases and the circulations share.</summary>
public static class DecisionsSql
{
    public const string Columns = """
        Id, RegionId, Reference, Title, Text, Type, ProjectId, MeetingId, AgendaItemId, CirculationId, Seats, Present,
        Yes, No, Abstain, QuorumPresent, Result, Supersedes, DecidedAt, Version, CreatedAt, StrategyVersionId
        """;

    /// <summary>
    /// The decisions (alias <c>d</c>) a caller may see: with <c>@OnlyPublic = 1</c> (readers, admins, the public; see
    /// <see cref="Auth.Caller.SeesNonPublicAgenda"/>) those taken by circulation or on a public agenda item only.
    /// </summary>
    public const string Visible =
        "(@OnlyPublic = 0 OR d.AgendaItemId IS NULL OR EXISTS (SELECT 1 FROM AgendaItems a WHERE a.Id = d.AgendaItemId AND a.IsPublic = 1))";

    /// <summary>The stored columns plus the project effect, for reads.</summary>
    public const string ReadColumns = Columns + ", EffectStatus, EffectCategory, EffectVersion";

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO Decisions ({Columns})
        VALUES (@Id, @RegionId, @Reference, @Title, @Text, @Type, @ProjectId, @MeetingId, @AgendaItemId, @CirculationId, @Seats, @Present,
            @Yes, @No, @Abstain, @QuorumPresent, @Result, @Supersedes, @DecidedAt, @Version, @CreatedAt, @StrategyVersionId)
        """);

    public static readonly SqlStatement InsertVote = SqlStatement.Shared(
        "INSERT INTO DecisionVotes (DecisionId, Ags, Vote) VALUES (@DecisionId, @Ags, @Vote)");

    /// <summary>The decision and its votes: two result sets, one round trip.</summary>
    public static readonly SqlStatement GetWhole = SqlStatement.Shared($"""
        SELECT {ReadColumns} FROM Decisions d WHERE d.Id = @Id AND d.RegionId = @RegionId AND {Visible};
        SELECT DecisionId, Ags, Vote FROM DecisionVotes WHERE DecisionId = @Id;
        """);

    /// <summary>Who holds a reference of the region, compared by its key (<see cref="Domain.TextKeys.ForReference"/>): a decision, an open circulation, or nobody (no row).</summary>
    public static readonly SqlStatement ReferenceHolder = SqlStatement.Shared(
        "SELECT DecisionId, CirculationId FROM DecisionReferences WHERE RegionId = @RegionId AND ReferenceKey = @ReferenceKey");

    /// <summary>Takes a reference for a decision or an open circulation; the primary key refuses a second holder.</summary>
    public static readonly SqlStatement TakeReference = SqlStatement.Shared("""
        INSERT INTO DecisionReferences (RegionId, Reference, ReferenceKey, DecisionId, CirculationId, CreatedAt)
        VALUES (@RegionId, @Reference, @ReferenceKey, @DecisionId, @CirculationId, @CreatedAt)
        """);

    /// <summary>A closing circulation hands its reference to its decision; 0 rows when it no longer holds it.</summary>
    public static readonly SqlStatement PassReferenceToDecision = SqlStatement.Shared("""
        UPDATE DecisionReferences SET DecisionId = @DecisionId
        WHERE RegionId = @RegionId AND CirculationId = @CirculationId AND DecisionId IS NULL
        """);

    /// <summary>A cancelled circulation gives its reference back.</summary>
    public static readonly SqlStatement ReleaseCirculationReference = SqlStatement.Shared(
        "DELETE FROM DecisionReferences WHERE RegionId = @RegionId AND CirculationId = @CirculationId AND DecisionId IS NULL");

    public static readonly SqlStatement SetEffect = SqlStatement.Shared(
        "UPDATE Decisions SET EffectStatus = @EffectStatus, EffectCategory = @EffectCategory, EffectVersion = @EffectVersion WHERE Id = @Id");

    public static readonly SqlStatement CountInRegion = SqlStatement.Shared(
        "SELECT COUNT(*) FROM Decisions WHERE Id = @Id AND RegionId = @RegionId");

    public static readonly SqlStatement QuorumPercent = SqlStatement.Shared(
        "SELECT QuorumPercent FROM CommitteeSettings WHERE RegionId = @RegionId");

    /// <summary>
    /// Holds the target project until the decision commits, so that concurrent decisions on one project take turns
    /// and the second one sees the first one's effect (SQLite's write transactions are serial anyway).
    /// </summary>
    public static readonly SqlStatement LockProject = SqlStatement.PerDialect(
        sqlite: "SELECT Version FROM Projects WHERE Id = @ProjectId AND RegionId = @RegionId",
        sqlServer: "SELECT Version FROM Projects WITH (UPDLOCK, HOLDLOCK) WHERE Id = @ProjectId AND RegionId = @RegionId");

    /// <summary>Reads a decision with its votes, or null when it is not in the region (or, <paramref name="onlyPublic"/>, not public).</summary>
    public static async Task<DecisionResponse?> LoadAsync(DbSession session, Guid regionId, Guid id, bool onlyPublic = false)
    {
        using var grid = await session.QueryMultipleAsync(GetWhole, new { Id = id, RegionId = regionId, OnlyPublic = onlyPublic });
        var row = await grid.ReadSingleOrDefaultAsync<DecisionRow>();
        var votes = await grid.ReadAsync<DecisionVoteRow>();
        return row is null ? null : DecisionResponse.From(row, votes);
    }
}
