using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Projects;

/// <summary>SQL that the funding use cases (and the demo seeder) share.</summary>
public static class FundingSql
{
    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO FundingSources (Id, ProjectId, Programme, FundingBody, Amount, Status, DecisionDate, Reference, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @ProjectId, @Programme, @FundingBody, @Amount, @Status, @DecisionDate, @Reference, @Version, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>
    /// Inserts the row alone, in the caller's transaction. The add endpoint follows it with
    /// <see cref="FundingRules.RecordChangeAsync"/>; a seeder creating a project together with its funding records the
    /// project's creation instead.
    /// </summary>
    public static Task InsertAsync(DbSession session, FundingRow row) => session.ExecuteAsync(Insert, row);
}
