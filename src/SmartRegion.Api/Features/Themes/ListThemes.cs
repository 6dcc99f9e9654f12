using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>
/// Lists a region's themes alphabetically: by the case-folded name, then by id (every role of the region). Themes
/// have no order of their own, so the name is the order a reader expects to find one in.
/// </summary>
public sealed class ListThemesRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/themes";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only themes created or changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => CreateThemeRequest.BuildRoute(slug);
}

public sealed class ListThemesValidator : Validator<ListThemesRequest>
{
    public ListThemesValidator() => Include(new PageQueryRules());
}

public sealed class ListThemesEndpoint(SmartRegionDb db) : Endpoint<ListThemesRequest, Page<ThemeResponse>>
{
    public override void Configure()
    {
        Get(ListThemesRequest.Route);
        Description(
            b => b.WithName("listThemes").WithSummary("List a region's themes by name").WithTags("Themes")
                .ReturnsPage<ThemeResponse>()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListThemesRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<NameCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var rows = await session.QueryAsync<ThemeRow>(Sql.Page, new
        {
            RegionId = region.Id,
            request.ModifiedSince,
            AfterNameKey = after?.NameKey,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new NameCursor(row.NameKey, row.Id), ThemeResponse.From), ct);
    }

    private sealed record NameCursor(string NameKey, Guid Id);

    internal static class Sql
    {
        // The unique index (RegionId, NameKey) serves both the filter and the order. Within one engine the
        // comparison and ORDER BY use the same collation, so the keyset never skips or repeats a theme.
        private const string Filter = """
            WHERE RegionId = @RegionId
              AND (@ModifiedSince IS NULL OR UpdatedAt >= @ModifiedSince)
              AND (@AfterId IS NULL OR NameKey > @AfterNameKey OR (NameKey = @AfterNameKey AND Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {ThemesSql.Columns}
                FROM Themes
                {Filter}
                ORDER BY NameKey, Id
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {ThemesSql.Columns}
                FROM Themes
                {Filter}
                ORDER BY NameKey, Id
                """);
    }
}
