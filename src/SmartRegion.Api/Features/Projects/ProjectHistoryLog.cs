using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Projects;

/// <summary>What happened to a project, as its history shows it.</summary>
public static class ProjectHistoryKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Transition = "transition";
    public const string CategoryChanged = "category_changed";
    public const string FundingChanged = "funding_changed";
}

/// <summary>One entry of a project's history, written in the transaction of the change it describes.</summary>
public sealed record ProjectHistoryEntry(
    Guid ProjectId,
    string Kind,
    string Actor,
    DateTimeOffset OccurredAt,
    string? FromStatus = null,
    string? ToStatus = null,
    IReadOnlyList<string>? ChangedFields = null,
    string? Reason = null,
    Guid? DecisionId = null);

/// <summary>Writes project history; every project write calls it together with <see cref="ChangeLog"/>.</summary>
public static class ProjectHistoryLog
{
    public static Task RecordAsync(DbSession session, ProjectHistoryEntry entry) =>
        session.ExecuteAsync(Sql.Insert, new
        {
            Id = Guid.CreateVersion7(),
            entry.ProjectId,
            entry.Kind,
            entry.FromStatus,
            entry.ToStatus,
            ChangedFields = entry.ChangedFields is { Count: > 0 } fields ? string.Join(',', fields) : null,
            entry.Reason,
            entry.DecisionId,
            entry.Actor,
            entry.OccurredAt,
        });

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO ProjectHistory (Id, ProjectId, Kind, FromStatus, ToStatus, ChangedFields, Reason, DecisionId, Actor, OccurredAt)
            VALUES (@Id, @ProjectId, @Kind, @FromStatus, @ToStatus, @ChangedFields, @Reason, @DecisionId, @Actor, @OccurredAt)
            """);
    }
}
