using System.Text.Json;

namespace SmartRegion.Api.Data;

/// <summary>
/// What happened to an entity; written in the same transaction as the change it describes. <paramref name="Version"/>
/// is the entity's version after the change, where it has one (the change feed shows it).
/// </summary>
public sealed record ChangeEntry(
    Guid? RegionId, string EntityType, string EntityId, string Kind, string Actor, DateTimeOffset OccurredAt, object? Details = null, int? Version = null);

/// <summary>
/// The change records that the audit trail and the per-region change feed read. Every write calls
/// <see cref="RecordAsync"/> with the session of its own transaction; a change that raises a webhook event also writes
/// it to the webhook outbox there (<see cref="WebhookOutbox"/>).
/// </summary>
public static class ChangeLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task RecordAsync(DbSession session, ChangeEntry entry)
    {
        var details = entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, Json);
        await session.ExecuteAsync(Sql.Insert, new
        {
            Id = Guid.CreateVersion7(),
            entry.RegionId,
            entry.EntityType,
            entry.EntityId,
            entry.Kind,
            entry.Actor,
            entry.OccurredAt,
            Details = details,
            entry.Version,
        });
        await WebhookOutbox.EnqueueAsync(session, entry, details);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt, Details, Version)
            VALUES (@Id, @RegionId, @EntityType, @EntityId, @Kind, @Actor, @OccurredAt, @Details, @Version)
            """);
    }
}
