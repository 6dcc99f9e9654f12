using System.Globalization;
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

public sealed class ListProjectsEndpoint(SmartRegionDb db, ReadCache readCache, Clock clock) : Endpoint<ListProjectsRequest, Page<ProjectResponse>>
{
    public override void Configure()
    {
        Get(ListProjectsRequest.Route);
        Description(
            b => b.WithName("listProjects").WithSummary("List and search a region's projects, ordered by code").WithTags("Projects")
                .ReturnsPage<ProjectResponse>().AlsoCsv(ListProjectsEndpoint.CsvColumnList)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CodeCursor>(request.Cursor);
        if (CsvExport.IsRequested(HttpContext.Request))
        {
            await using var csvSession = await db.OpenSnapshotAsync(ct);
            var csvRegion = await RegionAccess.RequireVisibleAsync(csvSession, request.Slug, Caller.From(User));
            await WriteCsvAsync(csvSession, request, csvRegion.Id, ReportingPolicy.At(csvRegion.ReportingIntervalDays, clock.Now()), ct);
            return;
        }

        // The same query on the same state of the database on the same day is the same page (reportOverdue depends on
        // the date); the answer does not depend on who asks once the region is visible to them.
        var reads = readCache.Current();
        var region = await RegionAccess.RequireVisibleAsync(db, reads, request.Slug, Caller.From(User), ct);
        var reporting = ReportingPolicy.At(region.ReportingIntervalDays, clock.Now());
        var answer = await reads.AnswerAsync(JsonAnswer.CacheKey(HttpContext, reporting.Today), async () =>
        {
            await using var session = await db.OpenSnapshotAsync(ct);
            var (rows, projects) = await LoadAsync(session, request, region.Id, reporting, after?.Code, request.PageSize);
            return JsonAnswer.Of(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CodeCursor(row.Code), row => projects[row.Id]), HttpContext);
        });
        await answer.SendAsync(HttpContext, ct);
    }

    /// <summary>
    /// The page after <paramref name="afterCode"/> (and one more row, to know whether a next page exists), with the
    /// projects made from exactly the rows shown.
    /// </summary>
    private static async Task<(List<ProjectRow> Rows, Dictionary<Guid, ProjectResponse> Projects)> LoadAsync(
        DbSession session, ListProjectsRequest request, Guid regionId, ReportingPolicy reporting, string? afterCode, int take)
    {
        var statuses = (request.Status ?? []).Distinct().Select(EnumText.ToText).ToList();
        var rows = (await session.QueryAsync<ProjectRow>(Sql.Page, new
        {
            RegionId = regionId,
            Category = request.Category is { } category ? EnumText.ToText(category) : null,
            StatusCount = statuses.Count,
            Statuses = statuses,
            FieldOfActionId = request.FieldOfAction,
            ThemeId = request.Theme,
            SearchPattern = SearchText.Fold(request.Q) is { Length: > 0 } ? SearchText.ContainsPattern(request.Q!) : null,
            request.ModifiedSince,
            AfterCode = afterCode ?? string.Empty,
            Take = take + 1,
        })).ToList();

        // A second round trip for the children of exactly the ids the page returned (re-running the page query in
        // the same batch could select other projects after a concurrent write, and show a project without its
        // funding). The snapshot session keeps both round trips on one state of the database.
        var shown = rows.Take(take).ToList();
        var themes = Enumerable.Empty<ProjectThemeRow>().ToLookup(link => link.ProjectId, link => link.ThemeId);
        var funding = Enumerable.Empty<FundingRow>().ToLookup(source => source.ProjectId);
        var latest = new Dictionary<Guid, LatestStatusRow>();
        if (shown.Count > 0)
        {
            using var grid = await session.QueryMultipleAsync(Sql.Children, new { ProjectIdsJson = SqlIdList.AsJson(shown.Select(row => row.Id)) });
            themes = (await grid.ReadAsync<ProjectThemeRow>()).ToLookup(link => link.ProjectId, link => link.ThemeId);
            funding = (await grid.ReadAsync<FundingRow>()).ToLookup(source => source.ProjectId);
            latest = (await grid.ReadAsync<LatestStatusRow>()).ToDictionary(row => row.ProjectId);
        }

        var projects = shown.ToDictionary(
            row => row.Id,
            row => ProjectResponse.From(new ProjectAggregate(row, themes[row.Id].ToList(), funding[row.Id].ToList(), latest.GetValueOrDefault(row.Id)), reporting));
        return (rows, projects);
    }

    /// <summary>
    /// Every project matching the filters as CSV, written batch by batch in code order (keyset batches of the page
    /// query, so memory stays flat however many projects a region has).
    /// </summary>
    private async Task WriteCsvAsync(DbSession session, ListProjectsRequest request, Guid regionId, ReportingPolicy reporting, CancellationToken ct)
    {
        const int Batch = PageQuery.MaxLimit;
        await using var csv = CsvExport.Begin(HttpContext, "projects.csv");
        csv.WriteHeader(CsvColumns);
        string? afterCode = null;
        while (true)
        {
            var (rows, projects) = await LoadAsync(session, request, regionId, reporting, afterCode, Batch);
            foreach (var row in rows.Take(Batch))
            {
                var project = projects[row.Id];
                await csv.WriteRecordAsync([
                    project.Code, project.Title, EnumText.ToText(project.Category), EnumText.ToText(project.Status),
                    project.FieldOfActionId.ToString("D"), CsvExport.Date(project.PlannedStart), CsvExport.Date(project.PlannedEnd),
                    CsvExport.Money(project.EstimatedCost), CsvExport.Money(project.GrantedFunding), CsvExport.Money(project.OwnCost),
                    EnumText.ToText(project.CostSharingKey), project.ProposedBy, project.Id.ToString("D"),
                    CsvExport.Timestamp(project.CreatedAt), CsvExport.Timestamp(project.UpdatedAt),
                    project.Version.ToString(CultureInfo.InvariantCulture),
                ], ct);
            }

            await csv.FlushAsync(ct);
            if (rows.Count <= Batch)
            {
                return;
            }

            afterCode = rows[Batch - 1].Code;
        }
    }

    internal const string CsvColumnList =
        "code, title, category, status, fieldOfActionId, plannedStart, plannedEnd, estimatedCost, grantedFunding, ownCost, costSharingKey, proposedBy, id, createdAt, updatedAt, version";

    private static readonly string[] CsvColumns = CsvColumnList.Split(", ");

    private sealed record CodeCursor(string Code);

    internal static class Sql
    {
        // Each "@X IS NULL OR …" switches a filter off when its parameter is absent. SQL Server recompiles per
        // call so that the plan seeks the index of the filters actually given (region + status/category/field of
        // action + code, or the theme index through EXISTS) instead of one plan for every combination. The keyset
        // condition has no such switch (the first page starts after '', which sorts before every code), so on both
        // engines a page is a range of the (RegionId, Code) index however deep it is.
        private const string Filter = """
            FROM Projects p
            WHERE p.RegionId = @RegionId
              AND (@Category IS NULL OR p.Category = @Category)
              AND (@StatusCount = 0 OR p.Status IN @Statuses)
              AND (@FieldOfActionId IS NULL OR p.FieldOfActionId = @FieldOfActionId)
              AND (@ThemeId IS NULL OR EXISTS (SELECT 1 FROM ProjectThemes pt WHERE pt.ThemeId = @ThemeId AND pt.ProjectId = p.Id))
              AND (@SearchPattern IS NULL OR p.SearchText LIKE @SearchPattern ESCAPE '\')
              AND (@ModifiedSince IS NULL OR p.UpdatedAt >= @ModifiedSince)
              AND p.Code > @AfterCode
            """;

        // Not SearchText: the folded copy of code, title and summary is for the filter, never for the answer.
        private const string ProjectColumns = """
            p.Id, p.RegionId, p.Code, p.Title, p.Summary, p.Description, p.Category, p.FieldOfActionId, p.PlannedStart, p.PlannedEnd,
            p.EstimatedCost, p.CostSharingKey, p.ProposedBy, p.Status, p.StatusBeforeHold, p.Version, p.CreatedAt, p.UpdatedAt
            """;

        /// <summary>One page of projects (and one more, to know whether a next page exists).</summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {ProjectColumns} {Filter} ORDER BY p.Code LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {ProjectColumns} {Filter} ORDER BY p.Code OPTION (RECOMPILE)");

        /// <summary>
        /// The themes, funding and latest status of the projects a page returned: three result sets, one round trip.
        /// The page's ids arrive as one JSON array (<see cref="SqlIdList.AsJson"/>): with an expanded <c>IN</c> list
        /// of 50 parameters, preparing and binding the three statements cost more than running them.
        /// </summary>
        public static readonly SqlStatement Children = SqlStatement.PerDialect(
            sqlite: ChildrenOf("(SELECT value FROM json_each(@ProjectIdsJson))"),
            sqlServer: ChildrenOf("(SELECT CAST([value] AS uniqueidentifier) FROM OPENJSON(@ProjectIdsJson))"));

        private static string ChildrenOf(string ids) => $"""
            SELECT ProjectId, ThemeId FROM ProjectThemes WHERE ProjectId IN {ids};
            SELECT {ProjectsSql.FundingColumns} FROM FundingSources WHERE ProjectId IN {ids} ORDER BY ProjectId, CreatedAt, Id;
            {StatusReportsSql.LatestOf($"r.ProjectId IN {ids}")};
            """;
    }
}
