using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Lists the versions of the region's strategy in creation order, each with its goals' progress (every role of the region).</summary>
public sealed class ListStrategyVersionsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only versions in this state.</summary>
    [QueryParam]
    public StrategyState? State { get; set; }

    public static string BuildRoute(string slug) => CreateStrategyVersionRequest.BuildRoute(slug);
}

public sealed class ListStrategyVersionsValidator : Validator<ListStrategyVersionsRequest>
{
    public ListStrategyVersionsValidator() => Include(new PageQueryRules());
}

public sealed class ListStrategyVersionsEndpoint(SmartRegionDb db) : Endpoint<ListStrategyVersionsRequest, Page<StrategyVersionResponse>>
{
    public override void Configure()
    {
        Get(ListStrategyVersionsRequest.Route);
        Description(
            b => b.WithName("listStrategyVersions").WithSummary("List the versions of the region's strategy").WithTags("Strategy")
                .ReturnsPage<StrategyVersionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListStrategyVersionsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CreatedCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        using var grid = await session.QueryMultipleAsync(Sql.Page, new
        {
            RegionId = region.Id,
            State = request.State is { } state ? EnumText.ToText(state) : null,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        var rows = (await grid.ReadAsync<StrategyVersionRow>()).ToList();
        var live = new StrategySnapshot((await grid.ReadAsync<FieldSnapshotRow>()).Select(f => f.ToSnapshot()).ToList(),
            (await grid.ReadAsync<ProjectSnapshotRow>()).Select(p => p.ToSnapshot()).ToList());
        var latest = (await grid.ReadAsync<LatestMeasurementRow>()).ToDictionary(m => m.IndicatorId);
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CreatedCursor(row.CreatedAt, row.Id),
            row => StrategyVersionResponse.From(row, row.Snapshot is { } json ? StrategySnapshot.Parse(json) : live, latest)), ct);
    }

    /// <summary>The keyset of lists in creation order.</summary>
    public sealed record CreatedCursor(DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = $"""
            {StrategySql.From}
            WHERE v.RegionId = @RegionId
              AND (@State IS NULL OR v.State = @State)
              AND (@AfterId IS NULL OR v.CreatedAt > @AfterCreatedAt OR (v.CreatedAt = @AfterCreatedAt AND v.Id > @AfterId))
            ORDER BY v.CreatedAt, v.Id
            """;

        /// <summary>The page, the live fields of action and projects (for drafts) and the latest measurements: one round trip.</summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {StrategySql.Columns} {Filter} LIMIT @Take; {StrategySql.LiveSnapshotText} {StrategySql.LatestMeasurementsText};",
            sqlServer: $"SELECT TOP (@Take) {StrategySql.Columns} {Filter}; {StrategySql.LiveSnapshotText} {StrategySql.LatestMeasurementsText};");
    }
}
