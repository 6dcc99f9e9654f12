using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>
/// Lists a region's fields of action in their order (position, then id). The ETag covers the whole list, so
/// <c>If-None-Match</c> answers 304 for any page while nothing changed, and a reorder sends it in <c>If-Match</c>.
/// </summary>
public sealed class ListFieldsOfActionRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only fields of action changed (or moved) at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => CreateFieldOfActionRequest.BuildRoute(slug);
}

public sealed class ListFieldsOfActionValidator : Validator<ListFieldsOfActionRequest>
{
    public ListFieldsOfActionValidator() => Include(new PageQueryRules());
}

public sealed class ListFieldsOfActionEndpoint(SmartRegionDb db) : Endpoint<ListFieldsOfActionRequest, Page<FieldOfActionResponse>>
{
    public override void Configure()
    {
        Get(ListFieldsOfActionRequest.Route);
        Description(
            b => b.WithName("listFieldsOfAction").WithSummary("List a region's fields of action in their order").WithTags("Fields of action")
                .ReturnsPage<FieldOfActionResponse>()
                .WithDerivedETag(FieldsOfActionListETag.Description)
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListFieldsOfActionRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<PositionCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var etag = FieldsOfActionListETag.For(await session.QueryAsync<FieldOfActionStamp>(FieldsOfActionSql.Stamps, new { RegionId = region.Id }));
        HttpContext.Response.Headers.ETag = etag;
        if (Preconditions.IsNotModified(HttpContext, etag))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        var rows = await session.QueryAsync<FieldOfActionRow>(Sql.Page, new
        {
            RegionId = region.Id,
            request.ModifiedSince,
            AfterPosition = after?.Position,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new PositionCursor(row.Position, row.Id), FieldOfActionResponse.From), ct);
    }

    private sealed record PositionCursor(int Position, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            WHERE RegionId = @RegionId
              AND (@ModifiedSince IS NULL OR UpdatedAt >= @ModifiedSince)
              AND (@AfterId IS NULL OR Position > @AfterPosition OR (Position = @AfterPosition AND Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT Id, RegionId, Name, Description, Position, Version, CreatedAt, UpdatedAt
                FROM FieldsOfAction
                {Filter}
                ORDER BY Position, Id
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) Id, RegionId, Name, Description, Position, Version, CreatedAt, UpdatedAt
                FROM FieldsOfAction
                {Filter}
                ORDER BY Position, Id
                """);
    }
}
