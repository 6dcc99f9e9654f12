using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>
/// Lists the status reports of all of a region's projects, newest reporting date first, superseded ones included.
/// Filters combine. Every role of the region.
/// </summary>
public sealed class ListStatusReportsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/status-reports";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only reports with a reporting date on or after this day.</summary>
    [QueryParam]
    public DateOnly? Since { get; set; }

    /// <summary>Only reports with this traffic light.</summary>
    [QueryParam]
    public TrafficLight? TrafficLight { get; set; }

    public static string BuildRoute(string slug) => $"{GetRegionRequest.BuildRoute(slug)}/status-reports";
}

public sealed class ListStatusReportsValidator : Validator<ListStatusReportsRequest>
{
    public ListStatusReportsValidator() => Include(new PageQueryRules());
}

public sealed class ListStatusReportsEndpoint(SmartRegionDb db) : Endpoint<ListStatusReportsRequest, Page<StatusReportResponse>>
{
    public override void Configure()
    {
        Get(ListStatusReportsRequest.Route);
        Description(
            b => b.WithName("listStatusReports").WithSummary("List the status reports of a region's projects, newest first").WithTags("Status reports")
                .ReturnsPage<StatusReportResponse>()
                .AllowsPublicReadPage<PublicStatusReportResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListStatusReportsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<StatusReportCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var rows = await session.QueryAsync<StatusReportRow>(Sql.Page, new
        {
            RegionId = region.Id,
            request.Since,
            TrafficLight = request.TrafficLight is { } light ? EnumText.ToText(light) : null,
            AfterReportingDate = after?.ReportingDate,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(Cursors.ToPage(HttpContext, rows, request.PageSize, StatusReportCursor.Of, PublicStatusReportResponse.From)));
            return;
        }

        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, StatusReportCursor.Of, StatusReportResponse.From), ct);
    }

    internal static class Sql
    {
        private const string Filter = $"""
            FROM StatusReports r
            JOIN Projects p ON p.Id = r.ProjectId
            WHERE p.RegionId = @RegionId
              AND (@Since IS NULL OR r.ReportingDate >= @Since)
              AND (@TrafficLight IS NULL OR r.TrafficLight = @TrafficLight)
              AND {StatusReportsSql.AfterCursor}
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {StatusReportsSql.Columns} {Filter} {StatusReportsSql.NewestFirst} LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {StatusReportsSql.Columns} {Filter} {StatusReportsSql.NewestFirst}");
    }
}
