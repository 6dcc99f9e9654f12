using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Lists a region's projects ordered by code (every role of the region). All filters combine; each page is read
/// as one snapshot with the projects' themes and funding.
/// </summary>
public sealed class ListProjectsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only projects of this category: <c>lead</c> (Leitprojekte) or <c>potential</c> (Potentialprojekte).</summary>
    [QueryParam]
    public ProjectCategory? Category { get; set; }

    /// <summary>Only projects in one of these statuses; repeat the parameter for several (<c>?status=proposed&amp;status=adopted</c>).</summary>
    [QueryParam]
    [MaxLength(ListLimits.MaxItems)]
    public List<ProjectStatus>? Status { get; set; }

    /// <summary>Only projects of this field of action (its id).</summary>
    [QueryParam]
    public Guid? FieldOfAction { get; set; }

    /// <summary>Only projects tagged with this theme (its id).</summary>
    [QueryParam]
    public Guid? Theme { get; set; }

    /// <summary>
    /// Text search in code, title and summary, at most 100 characters: case, umlauts and accents do not matter
    /// (<c>mobilitat</c>, <c>Mobilität</c> and <c>MOBILITÄT</c> all find "Mobilität").
    /// </summary>
    [QueryParam]
    public string? Q { get; set; }

    /// <summary>Only projects changed at or after this instant (ISO 8601), including changes of their funding.</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => CreateProjectRequest.BuildRoute(slug);
}

public sealed class ListProjectsValidator : Validator<ListProjectsRequest>
{
    public ListProjectsValidator()
    {
        Include(new PageQueryRules());
        RuleFor(r => r.Q).MaximumLength(ProjectRules.SearchMaxLength);
        RuleFor(r => r.Status).AtMostMaxItems();
    }
}

public sealed class ListProjectsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ListProjectsRequest, Page<ProjectResponse>>
{
    public override void Configure()
    {
        Get(ListProjectsRequest.Route);
        Description(
            b => b.WithName("listProjects").WithSummary("List and search a region's projects, ordered by code").WithTags("Projects")
                .ReturnsPage<ProjectResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CodeCursor>(request.Cursor);
        await using var session = await db.OpenSnapshotAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var statuses = (request.Status ?? []).Distinct().Select(EnumText.ToText).ToList();
        var rows = (await session.QueryAsync<ProjectRow>(Sql.Page, new
        {
            RegionId = region.Id,
            Category = request.Category is { } category ? EnumText.ToText(category) : null,
            StatusCount = statuses.Count,
            Statuses = statuses,
            FieldOfActionId = request.FieldOfAction,
            ThemeId = request.Theme,
            SearchPattern = SearchText.Fold(request.Q) is { Length: > 0 } ? SearchText.ContainsPattern(request.Q!) : null,
            request.ModifiedSince,
            AfterCode = after?.Code,
            Take = request.PageSize + 1,
        })).ToList();

        // A second round trip for the children of exactly the ids the page returned (re-running the page query in
        // the same batch could select other projects after a concurrent write, and show a project without its
        // funding). The snapshot session keeps both round trips on one state of the database.
        var shown = rows.Take(request.PageSize).Select(row => row.Id).ToList();
        var themes = Enumerable.Empty<ProjectThemeRow>().ToLookup(link => link.ProjectId, link => link.ThemeId);
        var funding = Enumerable.Empty<FundingRow>().ToLookup(source => source.ProjectId);
        var latest = new Dictionary<Guid, LatestStatusRow>();
        if (shown.Count > 0)
        {
            using var grid = await session.QueryMultipleAsync(Sql.Children, new { ProjectIds = SqlIdList.Of(shown) });
            themes = (await grid.ReadAsync<ProjectThemeRow>()).ToLookup(link => link.ProjectId, link => link.ThemeId);
            funding = (await grid.ReadAsync<FundingRow>()).ToLookup(source => source.ProjectId);
            latest = (await grid.ReadAsync<LatestStatusRow>()).ToDictionary(row => row.ProjectId);
        }

        var reporting = ReportingPolicy.At(region.ReportingIntervalDays, clock.Now());

        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CodeCursor(row.Code),
                row => ProjectResponse.From(new ProjectAggregate(row, themes[row.Id].ToList(), funding[row.Id].ToList(), latest.GetValueOrDefault(row.Id)), reporting)),
            ct);
    }

    private sealed record CodeCursor(string Code);

    internal static class Sql
    {
        // Each "@X IS NULL OR …" switches a filter off when its parameter is absent. SQL Server recompiles per
        // call so that the plan seeks the index of the filters actually given (region + status/category/field of
        // action + code, or the theme index through EXISTS) instead of one plan for every combination.
        private const string Filter = """
            FROM Projects p
            WHERE p.RegionId = @RegionId
              AND (@Category IS NULL OR p.Category = @Category)
              AND (@StatusCount = 0 OR p.Status IN @Statuses)
              AND (@FieldOfActionId IS NULL OR p.FieldOfActionId = @FieldOfActionId)
              AND (@ThemeId IS NULL OR EXISTS (SELECT 1 FROM ProjectThemes pt WHERE pt.ThemeId = @ThemeId AND pt.ProjectId = p.Id))
              AND (@SearchPattern IS NULL OR p.SearchText LIKE @SearchPattern ESCAPE '\')
              AND (@ModifiedSince IS NULL OR p.UpdatedAt >= @ModifiedSince)
              AND (@AfterCode IS NULL OR p.Code > @AfterCode)
            """;

        private const string ProjectColumns = """
            p.Id, p.RegionId, p.Code, p.Title, p.Summary, p.Description, p.Category, p.FieldOfActionId, p.PlannedStart, p.PlannedEnd,
            p.EstimatedCost, p.CostSharingKey, p.ProposedBy, p.Status, p.StatusBeforeHold, p.SearchText, p.Version, p.CreatedAt, p.UpdatedAt
            """;

        /// <summary>One page of projects (and one more, to know whether a next page exists).</summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {ProjectColumns} {Filter} ORDER BY p.Code LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {ProjectColumns} {Filter} ORDER BY p.Code OPTION (RECOMPILE)");

        /// <summary>The themes, funding and latest status of the projects a page returned: three result sets, one round trip.</summary>
        public static readonly SqlStatement Children = SqlStatement.Shared($"""
            SELECT ProjectId, ThemeId FROM ProjectThemes WHERE ProjectId IN @ProjectIds;
            SELECT {ProjectsSql.FundingColumns} FROM FundingSources WHERE ProjectId IN @ProjectIds ORDER BY ProjectId, CreatedAt, Id;
            {StatusReportsSql.LatestOf("r.ProjectId IN @ProjectIds")};
            """);
    }
}
