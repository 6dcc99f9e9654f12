namespace SmartRegion.Api.Data;

/// <summary>
/// The event types a webhook subscription can choose, and which change records raise them. Kept beside the change
/// log because every write records its change there: so every write path (endpoints, the demo seed, background
/// closing of circulations) raises its events without knowing about webhooks.
/// </summary>
public static class WebhookEventTypes
{
    public const string ProjectCreated = "project.created";
    public const string ProjectStatusChanged = "project.status_changed";
    public const string ParticipationStateChanged = "participation.state_changed";
    public const string DecisionRecorded = "decision.recorded";
    public const string CirculationOpened = "circulation.opened";
    public const string CirculationClosed = "circulation.closed";
    public const string StatusReportCreated = "status_report.created";
    public const string MeetingChanged = "meeting.changed";

    public static readonly string[] All =
    [
        ProjectCreated, ProjectStatusChanged, ParticipationStateChanged, DecisionRecorded, CirculationOpened, CirculationClosed,
        StatusReportCreated, MeetingChanged,
    ];

    public static bool IsKnown(string? type) => type is not null && All.Contains(type, StringComparer.Ordinal);

    /// <summary>
    /// The event a change raises, or null. A participation's state changes when it is created (its first state) and on
    /// every transition; a circulation closes when its votes decide it and when it is cancelled (the kind tells which).
    /// </summary>
    public static string? Of(string entityType, string kind) => (entityType, kind) switch
    {
        ("project", "created") => ProjectCreated,
        ("project", "transition") => ProjectStatusChanged,
        ("participation", "created" or "transition") => ParticipationStateChanged,
        ("decision", "recorded") => DecisionRecorded,
        ("circulation", "opened") => CirculationOpened,
        ("circulation", "closed" or "cancelled") => CirculationClosed,
        ("status_report", "created") => StatusReportCreated,
        ("meeting", _) => MeetingChanged,
        _ => null,
    };
}

/// <summary>
/// The webhook outbox: for a change that raises an event, one event row and one pending delivery per enabled
/// subscription of the region that chose the event type, in the transaction of the change (so an event exists exactly
/// when its change was committed). Nothing is written while no subscription wants the event.
/// </summary>
public static class WebhookOutbox
{
    public static async Task EnqueueAsync(DbSession session, ChangeEntry entry, string? details)
    {
        if (entry.RegionId is not { } regionId || WebhookEventTypes.Of(entry.EntityType, entry.Kind) is not { } eventType)
        {
            return;
        }

        var subscriptions = (await session.QueryAsync<Guid>(Sql.Subscribers, new { RegionId = regionId, Pattern = $"%,{eventType},%" })).ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        var eventId = Guid.CreateVersion7();
        await session.ExecuteAsync(Sql.InsertEvent, new
        {
            Id = eventId,
            RegionId = regionId,
            EventType = eventType,
            entry.EntityType,
            entry.EntityId,
            entry.Kind,
            entry.Version,
            entry.Actor,
            entry.OccurredAt,
            Details = details,
        });
        foreach (var subscription in subscriptions)
        {
            await session.ExecuteAsync(Sql.InsertDelivery, new
            {
                Id = Guid.CreateVersion7(),
                SubscriptionId = subscription,
                EventId = eventId,
                NextAttemptAt = entry.OccurredAt,
                CreatedAt = entry.OccurredAt,
            });
        }
    }

    internal static class Sql
    {
        // Seeks IX_WebhookSubscriptions_Region; a region has a handful of subscriptions at most.
        public static readonly SqlStatement Subscribers = SqlStatement.Shared("""
            SELECT Id FROM WebhookSubscriptions
            WHERE RegionId = @RegionId AND Enabled = 1 AND EventTypes LIKE @Pattern
            """);

        public static readonly SqlStatement InsertEvent = SqlStatement.Shared("""
            INSERT INTO WebhookEvents (Id, RegionId, EventType, EntityType, EntityId, Kind, Version, Actor, OccurredAt, Details)
            VALUES (@Id, @RegionId, @EventType, @EntityType, @EntityId, @Kind, @Version, @Actor, @OccurredAt, @Details)
            """);

        public static readonly SqlStatement InsertDelivery = SqlStatement.Shared("""
            INSERT INTO WebhookDeliveries (Id, SubscriptionId, EventId, State, Attempts, NextAttemptAt, CreatedAt)
            VALUES (@Id, @SubscriptionId, @EventId, 'pending', 0, @NextAttemptAt, @CreatedAt)
            """);
    }
}
