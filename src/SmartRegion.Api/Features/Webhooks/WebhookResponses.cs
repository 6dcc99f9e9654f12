using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>A webhook subscription of a region; its secret is never shown again after creation or rotation.</summary>
/// <param name="Id" example="0195f3a0-7c1e-7000-8000-00000000b001">The subscription's id.</param>
/// <param name="Url" example="https://ris.ahlen.example/webhooks/smartregion">Where the deliveries are POSTed.</param>
/// <param name="EventTypes">The event types it receives.</param>
/// <param name="Description" example="Ratsinformationssystem Stadt Ahlen">What the receiver is, if given.</param>
/// <param name="Enabled" example="true">Whether it receives events; a disabled subscription receives nothing and holds its pending deliveries.</param>
/// <param name="DisabledReason" example="Every delivery attempt failed for 24 h (last: HTTP 500).">Why it was disabled (by the dispatcher or by hand); null while enabled.</param>
/// <param name="DisabledAt">When it was disabled; null while enabled.</param>
/// <param name="OwnerAgs" example="05570004">The member that made it and manages it with the coordinator; null for the coordinator's own.</param>
/// <param name="PreviousSecretExpiresAt">Until when the secret before the last rotation still signs beside the new one; null when none does.</param>
/// <param name="Version" example="1">The ETag.</param>
/// <param name="CreatedBy" example="apikey:0195f3a0-7c1e-7000-8000-0000000000aa">The credential that made it.</param>
public sealed record WebhookSubscriptionResponse(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    string? OwnerAgs,
    DateTimeOffset? PreviousSecretExpiresAt,
    int Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookSubscriptionResponse From(WebhookSubscriptionRow row, DateTimeOffset now) => new(
        row.Id, row.Url, row.EventTypeList, row.Description, row.Enabled, row.DisabledReason, row.DisabledAt, row.OwnerAgs,
        row.PreviousSecret is not null && row.PreviousSecretExpiresAt > now ? row.PreviousSecretExpiresAt : null,
        row.Version, row.CreatedBy, row.CreatedAt, row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A subscription with its signing secret, answered once: at creation and after a rotation. Store the secret now.</summary>
/// <param name="Secret" example="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwaBcDeFgHiJk=">The signing secret (<c>whsec_</c> and 32 random bytes in base64) for verifying <c>webhook-signature</c>.</param>
/// <param name="Id" example="0195f3a0-7c1e-7000-8000-00000000b001">The subscription's id.</param>
/// <param name="Url" example="https://ris.ahlen.example/webhooks/smartregion">Where the deliveries are POSTed.</param>
/// <param name="EventTypes">The event types it receives.</param>
/// <param name="Description" example="Ratsinformationssystem Stadt Ahlen">What the receiver is, if given.</param>
/// <param name="Enabled" example="true">Whether it receives events.</param>
/// <param name="DisabledReason">Why it was disabled; null while enabled.</param>
/// <param name="DisabledAt">When it was disabled; null while enabled.</param>
/// <param name="OwnerAgs" example="05570004">The member that made it; null for the coordinator's own.</param>
/// <param name="PreviousSecretExpiresAt">Until when the secret before this rotation still signs beside the new one; null when none does.</param>
/// <param name="Version" example="1">The ETag.</param>
/// <param name="CreatedBy" example="apikey:0195f3a0-7c1e-7000-8000-0000000000aa">The credential that made it.</param>
public sealed record WebhookSecretResponse(
    string Secret,
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    string? Description,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    string? OwnerAgs,
    DateTimeOffset? PreviousSecretExpiresAt,
    int Version,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static WebhookSecretResponse From(string secret, WebhookSubscriptionResponse s) => new(
        secret, s.Id, s.Url, s.EventTypes, s.Description, s.Enabled, s.DisabledReason, s.DisabledAt, s.OwnerAgs, s.PreviousSecretExpiresAt,
        s.Version, s.CreatedBy, s.CreatedAt, s.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>What happened to one event's delivery to the subscription.</summary>
/// <param name="Id" example="0195f3a0-7c1e-7000-8000-00000000d001">The delivery's id (for re-delivery).</param>
/// <param name="EventId" example="0195f3a0-7c1e-7000-8000-00000000e001">The event's id: the <c>webhook-id</c> header of every attempt, also of re-deliveries.</param>
/// <param name="EventType" example="project.created">The event type.</param>
/// <param name="State" example="pending"><c>pending</c> (waiting for its next attempt), <c>succeeded</c> (a 2xx answer) or <c>failed</c> (given up).</param>
/// <param name="Attempts" example="3">Attempts made so far.</param>
/// <param name="LastStatusCode" example="500">The HTTP status of the last answer; null when there was none (timeout, refused or unreachable target).</param>
/// <param name="LastResponseMs" example="87">How long the last attempt took, in milliseconds; null before the first.</param>
/// <param name="LastError" example="HTTP 500 Internal Server Error">What went wrong in the last attempt; null after a success.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null once succeeded or failed.</param>
/// <param name="CreatedAt">When the event happened (or the re-delivery was asked for).</param>
/// <param name="CompletedAt">When it succeeded or was given up; null while pending.</param>
public sealed record WebhookDeliveryResponse(
    Guid Id,
    Guid EventId,
    string EventType,
    WebhookDeliveryState State,
    int Attempts,
    int? LastStatusCode,
    int? LastResponseMs,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public static WebhookDeliveryResponse From(WebhookDeliveryRow row) => new(
        row.Id, row.EventId, row.EventType, EnumText.Parse<WebhookDeliveryState>(row.State), row.Attempts, row.LastStatusCode,
        row.LastResponseMs, row.LastError, row.NextAttemptAt, row.CreatedAt, row.CompletedAt);
}

/// <summary>Where a delivery stands.</summary>
public enum WebhookDeliveryState
{
    Pending,
    Succeeded,
    Failed,
}

/// <summary>A delivery as stored, with its event's type.</summary>
public sealed record WebhookDeliveryRow
{
    public Guid Id { get; init; }

    public Guid SubscriptionId { get; init; }

    public Guid EventId { get; init; }

    public string EventType { get; init; } = string.Empty;

    public string State { get; init; } = string.Empty;

    public int Attempts { get; init; }

    public int? LastStatusCode { get; init; }

    public int? LastResponseMs { get; init; }

    public string? LastError { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }
}
