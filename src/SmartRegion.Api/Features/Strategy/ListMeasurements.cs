using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Lists the measured values of an indicator, oldest date first (every role of the region).</summary>
public sealed class ListMeasurementsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/strategy/indicators/{indicatorId}/measurements";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The indicator's id, as a strategy version of the region shows it.</summary>
    public Guid IndicatorId { get; set; }

    public static string BuildRoute(string slug, Guid indicatorId) => RecordMeasurementRequest.BuildRoute(slug, indicatorId);
}

public sealed class ListMeasurementsValidator : Validator<ListMeasurementsRequest>
{
    public ListMeasurementsValidator() => Include(new PageQueryRules());
}

public sealed class ListMeasurementsEndpoint(SmartRegionDb db) : Endpoint<ListMeasurementsRequest, Page<MeasurementResponse>>
{
    public override void Configure()
    {
        Get(ListMeasurementsRequest.Route);
        Description(
            b => b.WithName("listMeasurements").WithSummary("List the measured values of a strategy indicator, oldest first").WithTags("Strategy")
                .ReturnsPage<MeasurementResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListMeasurementsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<MeasuredCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        await MeasurementRecording.RequireIndicatorAsync(session, region, request.IndicatorId);
        var rows = await session.QueryAsync<MeasurementRow>(Sql.Page, new
        {
            RegionId = region.Id,
            request.IndicatorId,
            AfterMeasuredOn = after?.MeasuredOn,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new MeasuredCursor(row.MeasuredOn, row.CreatedAt, row.Id), MeasurementResponse.From), ct);
    }

    private sealed record MeasuredCursor(DateOnly MeasuredOn, DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            FROM StrategyMeasurements
            WHERE RegionId = @RegionId AND IndicatorId = @IndicatorId
              AND (@AfterId IS NULL OR MeasuredOn > @AfterMeasuredOn
                   OR (MeasuredOn = @AfterMeasuredOn AND (CreatedAt > @AfterCreatedAt OR (CreatedAt = @AfterCreatedAt AND Id > @AfterId))))
            ORDER BY MeasuredOn, CreatedAt, Id
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {MeasurementsSql.Columns} {Filter} LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {MeasurementsSql.Columns} {Filter}");
    }
}
