using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// The delivery log of a webhook subscription, newest first: per event its attempts, the last answer's status and
/// response time, and when the next attempt is due (who may read the subscription may read its log).
/// </summary>
public sealed class ListWebhookDeliveriesRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}/deliveries";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetWebhookSubscriptionRequest.BuildRoute(slug, id)}/deliveries";
}

public sealed class ListWebhookDeliveriesValidator : Validator<ListWebhookDeliveriesRequest>
{
    public ListWebhookDeliveriesValidator() => Include(new PageQueryRules());
}

public sealed class ListWebhookDeliveriesEndpoint(SmartRegionDb db) : Endpoint<ListWebhookDeliveriesRequest, Page<WebhookDeliveryResponse>>
{
    public override void Configure()
    {
        Get(ListWebhookDeliveriesRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("listWebhookDeliveries").WithSummary("List a webhook subscription's deliveries, newest first").WithTags("Webhooks")
                .ReturnsPage<WebhookDeliveryResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListWebhookDeliveriesRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<DeliveryCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var (_, subscription) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var rows = await session.QueryAsync<WebhookDeliveryRow>(Sql.Page, new
        {
            SubscriptionId = subscription.Id,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new DeliveryCursor(row.CreatedAt, row.Id), WebhookDeliveryResponse.From), ct);
    }

    private sealed record DeliveryCursor(DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        // Seeks IX_WebhookDeliveries_Subscription backwards.
        private const string Filter = """
            FROM WebhookDeliveries d
            JOIN WebhookEvents e ON e.Id = d.EventId
            WHERE d.SubscriptionId = @SubscriptionId
              AND (@AfterId IS NULL OR d.CreatedAt < @AfterCreatedAt OR (d.CreatedAt = @AfterCreatedAt AND d.Id < @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {WebhookDeliveriesSql.Columns}
                {Filter}
                ORDER BY d.CreatedAt DESC, d.Id DESC
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {WebhookDeliveriesSql.Columns}
                {Filter}
                ORDER BY d.CreatedAt DESC, d.Id DESC
                """);
    }
}

/// <summary>
/// Sends one event to the subscription again, as a new delivery with a fresh retry schedule, due at once. It carries
/// the event's <c>webhook-id</c>, so a receiver that keeps the ids it processed can tell it from a new event. The
/// subscription must be enabled (409 otherwise).
/// </summary>
public sealed class RedeliverWebhookRequest
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}/deliveries/{deliveryId}/redeliver";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The id of a delivery of the event to send again.</summary>
    public Guid DeliveryId { get; set; }

    public static string BuildRoute(string slug, Guid id, Guid deliveryId) => $"{ListWebhookDeliveriesRequest.BuildRoute(slug, id)}/{deliveryId:D}/redeliver";
}

public sealed class RedeliverWebhookEndpoint(SmartRegionDb db, Clock clock) : Endpoint<RedeliverWebhookRequest, WebhookDeliveryResponse>
{
    public const string DisabledType = "urn:smartregion:problem:webhook-disabled";

    public override void Configure()
    {
        Post(RedeliverWebhookRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("redeliverWebhook").WithSummary("Send one event to a webhook subscription again").WithTags("Webhooks")
                .ReturnsJson<WebhookDeliveryResponse>(StatusCodes.Status202Accepted)
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RedeliverWebhookRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var (_, subscription) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, caller);
                var earlier = await session.QuerySingleOrDefaultAsync<WebhookDeliveryRow>(WebhookDeliveriesSql.Get, new { Id = request.DeliveryId, SubscriptionId = subscription.Id })
                    ?? throw ApiProblemException.NotFound($"The webhook subscription {subscription.Id:D} has no delivery {request.DeliveryId:D}.");
                if (!subscription.Enabled)
                {
                    throw ApiProblemException.Conflict(DisabledType, "Subscription disabled",
                        Localized.Text("The subscription is disabled; enable it before sending events again.",
                            "Das Abonnement ist deaktiviert; vor einer erneuten Zustellung ist es zu aktivieren."));
                }

                var id = Guid.CreateVersion7();
                await session.ExecuteAsync(WebhookOutbox.Sql.InsertDelivery, new
                {
                    Id = id,
                    SubscriptionId = subscription.Id,
                    earlier.EventId,
                    NextAttemptAt = now,
                    CreatedAt = now,
                });
                return await session.QuerySingleOrDefaultAsync<WebhookDeliveryRow>(WebhookDeliveriesSql.Get, new { Id = id, SubscriptionId = subscription.Id });
            },
            ct);

        await Send.ResponseAsync(WebhookDeliveryResponse.From(created!), StatusCodes.Status202Accepted, ct);
    }
}

internal static class WebhookDeliveriesSql
{
    public const string Columns = """
        d.Id, d.SubscriptionId, d.EventId, e.EventType, d.State, d.Attempts, d.LastStatusCode, d.LastResponseMs, d.LastError,
        d.NextAttemptAt, d.CreatedAt, d.CompletedAt
        """;

    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns}
        FROM WebhookDeliveries d
        JOIN WebhookEvents e ON e.Id = d.EventId
        WHERE d.Id = @Id AND d.SubscriptionId = @SubscriptionId
        """);
}
