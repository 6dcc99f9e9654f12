using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>A webhook subscription as stored.</summary>
public sealed record WebhookSubscriptionRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string? OwnerAgs { get; init; }

    public string Url { get; init; } = string.Empty;

    /// <summary>Comma-framed: <c>,project.created,decision.recorded,</c>.</summary>
    public string EventTypes { get; init; } = string.Empty;

    public string? Description { get; init; }

    public bool Enabled { get; init; }

    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public string Secret { get; init; } = string.Empty;

    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    public DateTimeOffset? FailingSince { get; init; }

    public int Version { get; init; }

    public string CreatedBy { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public IReadOnlyList<string> EventTypeList => EventTypes.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string Frame(IEnumerable<string> types) => "," + string.Join(',', types.Distinct(StringComparer.Ordinal)) + ",";
}

/// <summary>
/// Who manages which subscriptions: the region's coordinator all of them; a member only those it made (its own
/// systems). Everyone else, and a member asking for another's subscription, gets 404, as for anything outside the
/// caller's reach. A member's subscriptions receive every event of the region of the types it chose, because a member
/// may read all of the region's projects, participations, meetings, decisions, circulations and status reports (and
/// its change feed) anyway; the payload carries no more than those reads show.
/// </summary>
public static class WebhookAccess
{
    public const string EntityType = "webhook_subscription";

    public static async Task<(RegionRow Region, WebhookSubscriptionRow Subscription)> RequireAsync(DbSession session, string slug, Guid id, Caller caller)
    {
        var region = await RegionAccess.RequireVisibleAsync(session, slug, caller);
        var row = await session.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(WebhooksSql.Get, new { Id = id, RegionId = region.Id });
        if (row is null || !MayManage(caller, row))
        {
            throw ApiProblemException.NotFound($"There is no webhook subscription {id:D} in region '{slug}'.");
        }

        return (region, row);
    }

    public static bool MayManage(Caller caller, WebhookSubscriptionRow row) =>
        caller.IsCoordinator || (caller.IsMember && row.OwnerAgs == caller.Ags);
}

internal static class WebhooksSql
{
    public const string Columns = """
        s.Id, s.RegionId, s.OwnerAgs, s.Url, s.EventTypes, s.Description, s.Enabled, s.DisabledReason, s.DisabledAt, s.Secret,
        s.PreviousSecret, s.PreviousSecretExpiresAt, s.FailingSince, s.Version, s.CreatedBy, s.CreatedAt, s.UpdatedAt
        """;

    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns} FROM WebhookSubscriptions s WHERE s.Id = @Id AND s.RegionId = @RegionId
        """);

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO WebhookSubscriptions (Id, RegionId, OwnerAgs, Url, EventTypes, Description, Enabled, DisabledReason, DisabledAt, Secret,
            PreviousSecret, PreviousSecretExpiresAt, FailingSince, Version, CreatedBy, CreatedAt, UpdatedAt)
        VALUES (@Id, @RegionId, @OwnerAgs, @Url, @EventTypes, @Description, @Enabled, NULL, NULL, @Secret,
            NULL, NULL, NULL, 1, @CreatedBy, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>The fields a PATCH sets; enabling clears the reason of an earlier disabling and the failure streak.</summary>
    public static readonly SqlStatement Update = SqlStatement.Shared("""
        UPDATE WebhookSubscriptions
        SET Url = @Url, EventTypes = @EventTypes, Enabled = @Enabled, DisabledReason = @DisabledReason, DisabledAt = @DisabledAt,
            FailingSince = @FailingSince, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    public static readonly SqlStatement Rotate = SqlStatement.Shared("""
        UPDATE WebhookSubscriptions
        SET Secret = @Secret, PreviousSecret = @PreviousSecret, PreviousSecretExpiresAt = @PreviousSecretExpiresAt,
            Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    public static readonly SqlStatement Delete = SqlStatement.Shared(
        "DELETE FROM WebhookSubscriptions WHERE Id = @Id AND Version = @ExpectedVersion");
}
