using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>Reads a webhook subscription (the coordinator any of the region's, a member its own); the secret is not shown.</summary>
public sealed class GetWebhookSubscriptionRequest
{
    public const string Route = "/api/v1/regions/{slug}/webhooks/{id}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The subscription's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateWebhookSubscriptionRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetWebhookSubscriptionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<GetWebhookSubscriptionRequest, WebhookSubscriptionResponse>
{
    public override void Configure()
    {
        Get(GetWebhookSubscriptionRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("getWebhookSubscription").WithSummary("Read a webhook subscription").WithTags("Webhooks")
                .Returns<WebhookSubscriptionResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetWebhookSubscriptionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (_, row) = await WebhookAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var response = WebhookSubscriptionResponse.From(row, clock.Now());
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}

/// <summary>
/// Lists the region's webhook subscriptions in creation order: the coordinator sees all of them, a member those it
/// made. Secrets are not shown.
/// </summary>
public sealed class ListWebhookSubscriptionsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/webhooks";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => CreateWebhookSubscriptionRequest.BuildRoute(slug);
}

public sealed class ListWebhookSubscriptionsValidator : Validator<ListWebhookSubscriptionsRequest>
{
    public ListWebhookSubscriptionsValidator() => Include(new PageQueryRules());
}

public sealed class ListWebhookSubscriptionsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ListWebhookSubscriptionsRequest, Page<WebhookSubscriptionResponse>>
{
    public override void Configure()
    {
        Get(ListWebhookSubscriptionsRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("listWebhookSubscriptions").WithSummary("List the region's webhook subscriptions").WithTags("Webhooks")
                .ReturnsPage<WebhookSubscriptionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListWebhookSubscriptionsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CreatedCursor>(request.Cursor);
        var caller = Caller.From(User);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var rows = await session.QueryAsync<WebhookSubscriptionRow>(Sql.Page, new
        {
            RegionId = region.Id,
            OwnerAgs = caller.IsMember ? caller.Ags : null,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        var now = clock.Now();
        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CreatedCursor(row.CreatedAt, row.Id), row => WebhookSubscriptionResponse.From(row, now)),
            ct);
    }

    private sealed record CreatedCursor(DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        // Seeks IX_WebhookSubscriptions_Region; a member's own are few, so filtering them on the way costs nothing.
        private const string Filter = """
            FROM WebhookSubscriptions s
            WHERE s.RegionId = @RegionId
              AND (@OwnerAgs IS NULL OR s.OwnerAgs = @OwnerAgs)
              AND (@AfterId IS NULL OR s.CreatedAt > @AfterCreatedAt OR (s.CreatedAt = @AfterCreatedAt AND s.Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {WebhooksSql.Columns}
                {Filter}
                ORDER BY s.CreatedAt, s.Id
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {WebhooksSql.Columns}
                {Filter}
                ORDER BY s.CreatedAt, s.Id
                """);
    }
}
