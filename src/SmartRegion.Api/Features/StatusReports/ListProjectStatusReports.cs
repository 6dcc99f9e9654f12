using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>
/// Lists a project's status reports, newest reporting date first, superseded ones included (each names the report
/// that superseded it). Every role of the region.
/// </summary>
public sealed class ListProjectStatusReportsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/status-reports";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid projectId) => CreateStatusReportRequest.BuildRoute(slug, projectId);
}

public sealed class ListProjectStatusReportsValidator : Validator<ListProjectStatusReportsRequest>
{
    public ListProjectStatusReportsValidator() => Include(new PageQueryRules());
}

public sealed class ListProjectStatusReportsEndpoint(SmartRegionDb db) : Endpoint<ListProjectStatusReportsRequest, Page<StatusReportResponse>>
{
    public override void Configure()
    {
        Get(ListProjectStatusReportsRequest.Route);
        Description(
            b => b.WithName("listProjectStatusReports").WithSummary("List a project's status reports, newest first").WithTags("Status reports")
                .ReturnsPage<StatusReportResponse>()
                .AllowsPublicReadPage<PublicStatusReportResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectStatusReportsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<StatusReportCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        // 404 for a project outside the caller's region; an empty page would not tell it from a project without reports.
        var caller = Caller.From(User);
        await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
        var rows = await session.QueryAsync<StatusReportRow>(Sql.Page, new
        {
            ProjectId = request.Id,
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
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {StatusReportsSql.Columns}
                FROM StatusReports r
                WHERE r.ProjectId = @ProjectId AND {StatusReportsSql.AfterCursor}
                {StatusReportsSql.NewestFirst}
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {StatusReportsSql.Columns}
                FROM StatusReports r
                WHERE r.ProjectId = @ProjectId AND {StatusReportsSql.AfterCursor}
                {StatusReportsSql.NewestFirst}
                """);
    }
}

/// <summary>The sort key of the last report of a page, newest first.</summary>
internal sealed record StatusReportCursor(DateOnly ReportingDate, DateTimeOffset CreatedAt, Guid Id)
{
    public static StatusReportCursor Of(StatusReportRow row) => new(row.ReportingDate, row.CreatedAt, row.Id);
}
