using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Participations;

/// <summary>What happened to a participation, as its history shows it.</summary>
public static class ParticipationHistoryKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Transition = "transition";
}

/// <summary>One entry of a participation's history, written in the transaction of the change it describes.</summary>
public sealed record ParticipationHistoryEntry(
    Guid ParticipationId,
    string Kind,
    string Actor,
    DateTimeOffset OccurredAt,
    string? FromState = null,
    string? ToState = null,
    IReadOnlyList<string>? ChangedFields = null,
    string? Reason = null);

/// <summary>Writes participation history and the matching change record; every participation write calls it.</summary>
public static class ParticipationHistoryLog
{
    /// <summary>Change-feed entity type of participations.</summary>
    public const string EntityType = "participation";

    /// <summary>The change-feed id of a participation: <c>&lt;projectId&gt;/&lt;ags&gt;</c>, as its URL names it.</summary>
    public static string EntityId(Guid projectId, string ags) => $"{projectId:D}/{ags}";

    /// <param name="version">The participation's version after the change (for the change feed).</param>
    public static async Task RecordAsync(DbSession session, ParticipationRow row, ParticipationHistoryEntry entry, object? details, int version)
    {
        await session.ExecuteAsync(Sql.Insert, new
        {
            Id = Guid.CreateVersion7(),
            entry.ParticipationId,
            entry.Kind,
            entry.FromState,
            entry.ToState,
            ChangedFields = entry.ChangedFields is { Count: > 0 } fields ? string.Join(',', fields) : null,
            entry.Reason,
            entry.Actor,
            entry.OccurredAt,
        });
        await ChangeLog.RecordAsync(session, new ChangeEntry(
            row.RegionId, EntityType, EntityId(row.ProjectId, row.Ags), entry.Kind, entry.Actor, entry.OccurredAt, details, version));
    }

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO ParticipationHistory (Id, ParticipationId, Kind, FromState, ToState, ChangedFields, Reason, Actor, OccurredAt)
            VALUES (@Id, @ParticipationId, @Kind, @FromState, @ToState, @ChangedFields, @Reason, @Actor, @OccurredAt)
            """);
    }
}
