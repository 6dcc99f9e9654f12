using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// Subscribes a receiver to events of the region (the coordinator, or a member for its own systems). Every event of
/// a chosen type is POSTed to <c>url</c> as Standard Webhooks (<c>webhook-id</c>, <c>webhook-timestamp</c>,
/// <c>webhook-signature</c>), signed with the secret that this answer shows once. The target must be https and resolve
/// to public addresses only (no loopback, private or link-local networks unless the operator allows them). Not
/// idempotent on purpose: a stored replay would keep the secret (an <c>Idempotency-Key</c> is refused with 400).
/// </summary>
public sealed record CreateWebhookSubscriptionRequest : IHasExample<CreateWebhookSubscriptionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/webhooks";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The receiver's URL: absolute https, at most 2000 characters.</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>
    /// The event types to receive, at least one: <c>project.created</c>, <c>project.status_changed</c>,
    /// <c>participation.state_changed</c>, <c>decision.recorded</c>, <c>circulation.opened</c>, <c>circulation.closed</c>,
    /// <c>status_report.created</c>, <c>meeting.changed</c>.
    /// </summary>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>What the receiver is; at most 500 characters.</summary>
    public string? Description { get; set; }

    public static CreateWebhookSubscriptionRequest Example => new()
    {
        Url = "https://ris.ahlen.example/webhooks/smartregion",
        EventTypes = [WebhookEventTypes.ProjectStatusChanged, WebhookEventTypes.DecisionRecorded],
        Description = "Ratsinformationssystem Stadt Ahlen",
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/webhooks";
}

public sealed class CreateWebhookSubscriptionValidator : Validator<CreateWebhookSubscriptionRequest>
{
    public const int DescriptionMaxLength = 500;

    public CreateWebhookSubscriptionValidator()
    {
        RuleFor(r => r.Url).NotEmpty().MaximumLength(WebhookTargets.UrlMaxLength);
        RuleFor(r => r.EventTypes).NotEmpty()
            .WithMessage("Choose at least one event type.", "Mindestens ein Ereignistyp ist zu wählen.");
        RuleForEach(r => r.EventTypes).Must(WebhookEventTypes.IsKnown)
            .WithMessage(
                "Unknown event type; known are project.created, project.status_changed, participation.state_changed, decision.recorded, circulation.opened, circulation.closed, status_report.created, meeting.changed.",
                "Unbekannter Ereignistyp; bekannt sind project.created, project.status_changed, participation.state_changed, decision.recorded, circulation.opened, circulation.closed, status_report.created, meeting.changed.");
        RuleFor(r => r.Description).MaximumLength(DescriptionMaxLength);
    }
}

public sealed class CreateWebhookSubscriptionEndpoint(SmartRegionDb db, Clock clock, WebhookTargets targets)
    : Endpoint<CreateWebhookSubscriptionRequest, WebhookSecretResponse>
{
    public override void Configure()
    {
        Post(CreateWebhookSubscriptionRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("createWebhookSubscription").WithSummary("Subscribe a receiver to the region's events (the secret is shown once)").WithTags("Webhooks")
                .JsonBody<CreateWebhookSubscriptionRequest>()
                .ReturnsCreated<WebhookSecretResponse>()
                .RefusesIdempotencyKey(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateWebhookSubscriptionRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using (var session = await db.OpenAsync(ct))
        {
            await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        }

        if (await targets.RefusalAsync(request.Url, ct) is { } refusal)
        {
            ThrowError(r => r.Url, refusal);
        }

        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var created = new WebhookSubscriptionRow
                {
                    Id = Guid.CreateVersion7(),
                    RegionId = region.Id,
                    OwnerAgs = caller.IsMember ? caller.Ags : null,
                    Url = request.Url,
                    EventTypes = WebhookSubscriptionRow.Frame(request.EventTypes),
                    Description = request.Description,
                    Enabled = true,
                    Secret = WebhookSigning.NewSecret(),
                    Version = 1,
                    CreatedBy = caller.Actor,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                await session.ExecuteAsync(WebhooksSql.Insert, created);
                // The secret stays out of the change record.
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, WebhookAccess.EntityType, created.Id.ToString("D"), "created", caller.Actor, now,
                    new { url = created.Url, eventTypes = created.EventTypeList, ownerAgs = created.OwnerAgs }, created.Version));
                return created;
            },
            ct);

        var subscription = WebhookSubscriptionResponse.From(row, now);
        HttpContext.Response.Headers.ETag = subscription.ETag();
        HttpContext.Response.Headers.Location = GetWebhookSubscriptionRequest.BuildRoute(request.Slug, row.Id);
        await Send.ResponseAsync(WebhookSecretResponse.From(row.Secret, subscription), StatusCodes.Status201Created, ct);
    }
}
