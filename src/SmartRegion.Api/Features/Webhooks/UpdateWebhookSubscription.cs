using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// Changes a webhook subscription: enables or disables it, or changes its URL or event types; omitted fields stay as
/// they are (a partial update, so the body is plain JSON rather than a full replacement). A disabled subscription
/// receives no new events and its pending deliveries wait; enabling it again resumes them and clears the reason it was
/// disabled for. A new URL is checked like a new subscription's.
/// </summary>
public sealed record UpdateWebhookSubscriptionRequest : IHasExample<UpdateWebhookSubscriptionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    /// <summary>True to receive events, false to stop; omitted: unchanged.</summary>
    public bool? Enabled { get; set; }

    /// <summary>A new receiver URL (absolute https, at most 2000 characters); omitted: unchanged.</summary>
    public string? Url { get; set; }

    /// <summary>The new set of event types, at least one; omitted: unchanged.</summary>
    public List<string>? EventTypes { get; set; }

    public static UpdateWebhookSubscriptionRequest Example => new() { Enabled = false };

    public static string BuildRoute(string slug, Guid id) => GetWebhookSubscriptionRequest.BuildRoute(slug, id);
}

public sealed class UpdateWebhookSubscriptionValidator : Validator<UpdateWebhookSubscriptionRequest>
{
    public UpdateWebhookSubscriptionValidator()
    {
        RuleFor(r => r.Url).NotEmpty().MaximumLength(WebhookTargets.UrlMaxLength).When(r => r.Url is not null);
        RuleFor(r => r.EventTypes).NotEmpty().When(r => r.EventTypes is not null)
            .WithMessage("Choose at least one event type.", "Mindestens ein Ereignistyp ist zu wählen.");
        RuleForEach(r => r.EventTypes).Must(WebhookEventTypes.IsKnown)
            .WithMessage(
                "Unknown event type; known are project.created, project.status_changed, participation.state_changed, decision.recorded, circulation.opened, circulation.closed, status_report.created, meeting.changed.",
                "Unbekannter Ereignistyp; bekannt sind project.created, project.status_changed, participation.state_changed, decision.recorded, circulation.opened, circulation.closed, status_report.created, meeting.changed.");
        RuleFor(r => r).Must(r => r.Enabled is not null || r.Url is not null || r.EventTypes is not null).OverridePropertyName("enabled")
            .WithMessage("Name at least one of enabled, url and eventTypes.", "Mindestens eines von enabled, url und eventTypes ist anzugeben.");
    }
}

public sealed class UpdateWebhookSubscriptionEndpoint(SmartRegionDb db, Clock clock, WebhookTargets targets)
    : Endpoint<UpdateWebhookSubscriptionRequest, WebhookSubscriptionResponse>
{
    public override void Configure()
    {
        Patch(UpdateWebhookSubscriptionRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("updateWebhookSubscription").WithSummary("Enable, disable or change a webhook subscription").WithTags("Webhooks")
                .JsonBody<UpdateWebhookSubscriptionRequest>()
                .Returns<WebhookSubscriptionResponse>()
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateWebhookSubscriptionRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        await using (var session = await db.OpenAsync(ct))
        {
            await WebhookAccess.RequireAsync(session, request.Slug, request.Id, caller);
        }

        if (request.Url is not null && await targets.RefusalAsync(request.Url, ct) is { } refusal)
        {
            ThrowError(r => r.Url!, refusal);
        }

        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (region, current) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, caller);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                var enabled = request.Enabled ?? current.Enabled;
                var row = current with
                {
                    Url = request.Url ?? current.Url,
                    EventTypes = request.EventTypes is { } types ? WebhookSubscriptionRow.Frame(types) : current.EventTypes,
                    Enabled = enabled,
                    DisabledReason = enabled ? null : current.Enabled ? $"Disabled by {caller.Actor}." : current.DisabledReason,
                    DisabledAt = enabled ? null : current.Enabled ? now : current.DisabledAt,
                    FailingSince = enabled && !current.Enabled ? null : current.FailingSince,
                    Version = current.Version + 1,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(WebhooksSql.Update, new
                    {
                        row.Id, row.Url, row.EventTypes, row.Enabled, row.DisabledReason, row.DisabledAt, row.FailingSince, row.UpdatedAt,
                        ExpectedVersion = current.Version,
                    }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, WebhookAccess.EntityType, row.Id.ToString("D"), enabled == current.Enabled ? "updated" : enabled ? "enabled" : "disabled",
                    caller.Actor, now, new { url = row.Url, eventTypes = row.EventTypeList, enabled }, row.Version));
                return row;
            },
            ct);

        var response = WebhookSubscriptionResponse.From(updated, now);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>Deletes a webhook subscription with its delivery log; deliveries still pending are dropped.</summary>
public sealed class DeleteWebhookSubscriptionRequest
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => GetWebhookSubscriptionRequest.BuildRoute(slug, id);
}

public sealed class DeleteWebhookSubscriptionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteWebhookSubscriptionRequest>
{
    public override void Configure()
    {
        Delete(DeleteWebhookSubscriptionRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("deleteWebhookSubscription").WithSummary("Delete a webhook subscription and its delivery log").WithTags("Webhooks")
                .ReturnsNoContent()
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteWebhookSubscriptionRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var (region, current) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, caller);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                if (await session.ExecuteAsync(WebhooksSql.Delete, new { current.Id, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, WebhookAccess.EntityType, current.Id.ToString("D"), "deleted", caller.Actor, now,
                    new { url = current.Url }));
            },
            ct);

        await Send.NoContentAsync(ct);
    }
}

/// <summary>
/// Gives the subscription a new secret, shown once in this answer. The old secret keeps signing beside the new one for
/// the configured overlap (<c>Webhooks:SecretOverlap</c>, default 24 h; every request then carries two <c>v1,</c>
/// signatures), so the receiver can switch without losing a delivery. A rotation during an overlap ends the older one.
/// </summary>
public sealed class RotateWebhookSecretRequest
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}/rotate-secret";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetWebhookSubscriptionRequest.BuildRoute(slug, id)}/rotate-secret";
}

public sealed class RotateWebhookSecretEndpoint(SmartRegionDb db, Clock clock, Microsoft.Extensions.Options.IOptions<WebhookOptions> options)
    : Endpoint<RotateWebhookSecretRequest, WebhookSecretResponse>
{
    public override void Configure()
    {
        Post(RotateWebhookSecretRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("rotateWebhookSecret").WithSummary("Rotate a webhook subscription's secret (the new one is shown once)").WithTags("Webhooks")
                .Returns<WebhookSecretResponse>()
                .RequiresIfMatch()
                .RefusesIdempotencyKey(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RotateWebhookSecretRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var rotated = await db.InTransactionAsync(
            async session =>
            {
                var (region, current) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, caller);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                var row = current with
                {
                    Secret = WebhookSigning.NewSecret(),
                    PreviousSecret = current.Secret,
                    PreviousSecretExpiresAt = now + options.Value.SecretOverlap,
                    Version = current.Version + 1,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(WebhooksSql.Rotate, new
                    {
                        row.Id, row.Secret, row.PreviousSecret, row.PreviousSecretExpiresAt, row.UpdatedAt, ExpectedVersion = current.Version,
                    }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, WebhookAccess.EntityType, row.Id.ToString("D"), "secret-rotated", caller.Actor, now,
                    new { previousSecretExpiresAt = row.PreviousSecretExpiresAt }, row.Version));
                return row;
            },
            ct);

        var subscription = WebhookSubscriptionResponse.From(rotated, now);
        HttpContext.Response.Headers.ETag = subscription.ETag();
        await Send.OkAsync(WebhookSecretResponse.From(rotated.Secret, subscription), ct);
    }
}
