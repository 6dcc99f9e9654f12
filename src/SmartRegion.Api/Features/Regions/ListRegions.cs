using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>Lists the regions the caller may see (admins: all; everyone else: their own), ordered by slug.</summary>
public sealed class ListRegionsRequest : PageQuery
{
    public const string Route = "/api/v1/regions";

    /// <summary>Only regions changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }
}

public sealed class ListRegionsValidator : Validator<ListRegionsRequest>
{
    public ListRegionsValidator() => Include(new PageQueryRules());
}

public sealed class ListRegionsEndpoint(SmartRegionDb db) : Endpoint<ListRegionsRequest, Page<RegionResponse>>
{
    public override void Configure()
    {
        Get(ListRegionsRequest.Route);
        Description(
            b => b.WithName("listRegions").WithSummary("List regions").WithTags("Regions")
                .ReturnsPage<RegionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListRegionsRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var after = Cursors.Decode<SlugCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var rows = await session.QueryAsync<RegionRow>(Sql.Page, new
        {
            OnlyRegionId = OnlyRegionFor(caller),
            request.ModifiedSince,
            AfterSlug = after?.Slug,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new SlugCursor(row.Slug), RegionResponse.From), ct);
    }

    /// <summary>
    /// The one region a caller may list, or null for admins (all). Fails closed: a non-admin principal without a
    /// region (which API keys cannot be, but another credential type might) sees nothing rather than everything.
    /// </summary>
    public static Guid? OnlyRegionFor(Caller caller) => caller.IsAdmin
        ? null
        : caller.RegionId ?? throw ApiProblemException.Forbidden("Your credential is bound to no region, so it may not list regions.");

    private sealed record SlugCursor(string Slug);

    internal static class Sql
    {
        private const string Filter = """
            WHERE (@OnlyRegionId IS NULL OR Id = @OnlyRegionId)
              AND (@ModifiedSince IS NULL OR UpdatedAt >= @ModifiedSince)
              AND (@AfterSlug IS NULL OR Slug > @AfterSlug)
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, DistrictSharePercent, PublicRead, Version, CreatedAt, UpdatedAt
                FROM Regions
                {Filter}
                ORDER BY Slug
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, DistrictSharePercent, PublicRead, Version, CreatedAt, UpdatedAt
                FROM Regions
                {Filter}
                ORDER BY Slug
                """);
    }
}
