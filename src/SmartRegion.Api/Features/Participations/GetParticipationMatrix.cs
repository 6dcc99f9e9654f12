using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// The region's members × projects with every participation's state and role, for dashboards (every role of the
/// region). Paged over the projects (the columns) in code order: <c>limit</c> projects per page (1–200, default
/// 50) with their cells, and every member on each page; <c>nextCursor</c> and <c>Link: rel="next"</c> lead to the
/// next projects while more follow. A dashboard that shows the whole matrix follows <c>nextCursor</c> until it is
/// null and appends the pages' projects and cells. Each page is one round trip, one snapshot, and costs the same
/// however many projects the region has.
/// </summary>
public sealed class GetParticipationMatrixRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/participation-matrix";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only projects of this field of action (its id).</summary>
    [QueryParam]
    public Guid? FieldOfAction { get; set; }

    /// <summary>Only projects of this category: <c>lead</c> (Leitprojekte) or <c>potential</c> (Potentialprojekte).</summary>
    [QueryParam]
    public ProjectCategory? Category { get; set; }

    /// <summary>Only projects in one of these statuses; repeat the parameter for several (<c>?status=adopted&amp;status=in_implementation</c>).</summary>
    [QueryParam]
    [MaxLength(ListLimits.MaxItems)]
    public List<ProjectStatus>? Status { get; set; }

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/participation-matrix";
}

/// <summary>
/// Members × projects of a region: every member, one page of the projects the filters select, and one cell per
/// existing participation in those projects (sparse: a member without a participation in a project has no cell).
/// </summary>
/// <param name="Members">Every member of the region, active or not, ordered by AGS (the rows).</param>
/// <param name="Projects">The projects the filters select, ordered by code (the columns).</param>
/// <param name="Cells">One cell per participation in those projects, withdrawn ones included, ordered by project code and AGS.</param>
/// <param name="NextCursor">The <c>cursor</c> of the page with the next projects, or null on the last page.</param>
public sealed record ParticipationMatrixResponse(
    IReadOnlyList<ParticipationMatrixMember> Members,
    IReadOnlyList<ParticipationMatrixProject> Projects,
    IReadOnlyList<ParticipationMatrixCell> Cells,
    string? NextCursor);

/// <summary>A row of the matrix: a member of the region.</summary>
/// <param name="Ags" example="05570004">The member's AGS.</param>
/// <param name="Name" example="Stadt Ahlen">Display name.</param>
/// <param name="Kind" example="municipality">District (the Kreis itself) or municipality.</param>
/// <param name="Active" example="true">False once deactivated.</param>
public sealed record ParticipationMatrixMember(string Ags, string Name, MemberKind Kind, bool Active);

/// <summary>A column of the matrix: a project of the region.</summary>
/// <param name="Id" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The project's id.</param>
/// <param name="Code" example="LP-07">The project's code, unique in the region.</param>
/// <param name="Title" example="Beispiel: Mobilitätsplattform">The project's title.</param>
/// <param name="Category" example="lead">Leitprojekt (<c>lead</c>) or Potentialprojekt (<c>potential</c>).</param>
/// <param name="Status" example="adopted">Where the project stands in its lifecycle.</param>
/// <param name="FieldOfActionId" example="01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f">The project's field of action.</param>
public sealed record ParticipationMatrixProject(Guid Id, string Code, string Title, ProjectCategory Category, ProjectStatus Status, Guid FieldOfActionId);

/// <summary>A cell of the matrix: one member's participation in one project.</summary>
/// <param name="Ags" example="05570004">The member's AGS.</param>
/// <param name="ProjectId" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The project's id.</param>
/// <param name="State" example="committed">Where the member's decision stands.</param>
/// <param name="Role" example="lead">What the member does in the project.</param>
public sealed record ParticipationMatrixCell(string Ags, Guid ProjectId, ParticipationState State, ParticipationRole Role);

public sealed class GetParticipationMatrixValidator : Validator<GetParticipationMatrixRequest>
{
    public GetParticipationMatrixValidator()
    {
        Include(new PageQueryRules());
        RuleFor(r => r.Status).AtMostMaxItems();
    }
}

public sealed class GetParticipationMatrixEndpoint(SmartRegionDb db, ReadCache readCache) : Endpoint<GetParticipationMatrixRequest, ParticipationMatrixResponse>
{
    public override void Configure()
    {
        Get(GetParticipationMatrixRequest.Route);
        Description(
            b => b.WithName("getParticipationMatrix")
                .WithSummary("Read the members × projects participation matrix of a region, for dashboards, paged over the projects")
                .WithTags("Participations")
                .ReturnsPagedJson<ParticipationMatrixResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetParticipationMatrixRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CodeCursor>(request.Cursor);
        // One state of the database gives one matrix page, whoever may see the region (no date in it).
        var reads = readCache.Current();
        var region = await RegionAccess.RequireVisibleAsync(db, reads, request.Slug, Caller.From(User), ct);
        var answer = await reads.AnswerAsync(JsonAnswer.CacheKey(HttpContext), () => LoadAsync(request, region.Id, after?.Code, ct));
        await answer.SendAsync(HttpContext, ct);
    }

    private async Task<JsonAnswer> LoadAsync(GetParticipationMatrixRequest request, Guid regionId, string? afterCode, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        var statuses = (request.Status ?? []).Distinct().Select(EnumText.ToText).ToList();
        using var grid = await session.QueryMultipleAsync(Sql.Matrix, new
        {
            RegionId = regionId,
            Category = request.Category is { } category ? EnumText.ToText(category) : null,
            StatusCount = statuses.Count,
            Statuses = statuses,
            FieldOfActionId = request.FieldOfAction,
            // Codes are never empty, so '' starts before the first one and the keyset stays one index range.
            AfterCode = afterCode ?? string.Empty,
            Take = request.PageSize + 1,
        });
        var columns = (await grid.ReadAsync<MatrixProjectCellRow>()).ToList();
        var members = (await grid.ReadAsync<MatrixMemberRow>())
            .Select(row => new ParticipationMatrixMember(row.Ags, row.Name, MemberKinds.Parse(row.Kind), row.IsActive)).ToList();
        var projects = new List<ParticipationMatrixProject>(request.PageSize);
        var cells = new List<ParticipationMatrixCell>(columns.Count);
        string? nextCursor = null;
        foreach (var row in columns)
        {
            if (projects.Count == 0 || projects[^1].Id != row.Id)
            {
                if (projects.Count == request.PageSize)
                {
                    // The one extra project read only tells that more follow; it and its cells are the next page's.
                    nextCursor = Cursors.Encode(new CodeCursor(projects[^1].Code));
                    break;
                }

                projects.Add(new ParticipationMatrixProject(row.Id, row.Code, row.Title, EnumText.Parse<ProjectCategory>(row.Category),
                    EnumText.Parse<ProjectStatus>(row.Status), row.FieldOfActionId));
            }

            if (row.Ags is not null)
            {
                cells.Add(new ParticipationMatrixCell(row.Ags, row.Id, EnumText.Parse<ParticipationState>(row.State!), EnumText.Parse<ParticipationRole>(row.Role!)));
            }
        }

        if (nextCursor is not null)
        {
            Cursors.AddNextLink(HttpContext, nextCursor);
        }

        return JsonAnswer.Of(new ParticipationMatrixResponse(members, projects, cells, nextCursor), HttpContext);
    }

    private sealed record CodeCursor(string Code);

    private sealed record MatrixMemberRow
    {
        public string Ags { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public bool IsActive { get; init; }
    }

    /// <summary>A project with one of its participations, or with none (then the participation's columns are null).</summary>
    private sealed record MatrixProjectCellRow
    {
        public Guid Id { get; init; }

        public string Code { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string Category { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;

        public Guid FieldOfActionId { get; init; }

        public string? Ags { get; init; }

        public string? State { get; init; }

        public string? Role { get; init; }
    }

    internal static class Sql
    {
        // Each "@X IS NULL OR …" switches a filter off when its parameter is absent (as listProjects); SQL Server
        // recompiles per call so that its plan seeks the index of the filters actually given.
        private const string ProjectFilter = """
            p.RegionId = @RegionId
              AND (@Category IS NULL OR p.Category = @Category)
              AND (@StatusCount = 0 OR p.Status IN @Statuses)
              AND (@FieldOfActionId IS NULL OR p.FieldOfActionId = @FieldOfActionId)
            """;

        private static string WithCells(string page) => $"""
            SELECT p.Id, p.Code, p.Title, p.Category, p.Status, p.FieldOfActionId, pa.Ags, pa.State, pa.Role
            FROM ({page}) p
            LEFT JOIN Participations pa ON pa.ProjectId = p.Id
            ORDER BY p.Code, pa.Ags
            """;

        private const string PageColumns = "p.Id, p.RegionId, p.Code, p.Title, p.Category, p.Status, p.FieldOfActionId";

        /// <summary>
        /// One page of columns (and one more project, to know whether a next page exists) with their cells in one
        /// statement, so a cell never refers to a project that is not in the answer and no project loses its cells to
        /// a concurrent write. The page is a keyset range of the (RegionId, Code) index, so its cost does not grow
        /// with the region's projects. The members come second: they are never deleted, so every cell's member is
        /// among them. Two result sets, one round trip. The cells join on the project alone (a participation is in its
        /// project's region): with a region term too, SQLite chose the (RegionId, Ags) index and read the region's
        /// every participation once per project instead of seeking (ProjectId, Ags).
        /// </summary>
        public static readonly SqlStatement Matrix = SqlStatement.PerDialect(
            sqlite: WithCells($"SELECT {PageColumns} FROM Projects p WHERE {ProjectFilter} AND p.Code > @AfterCode ORDER BY p.Code LIMIT @Take")
                + ";\n" + Members,
            sqlServer: WithCells($"SELECT TOP (@Take) {PageColumns} FROM Projects p WHERE {ProjectFilter} AND p.Code > @AfterCode ORDER BY p.Code")
                + " OPTION (RECOMPILE);\n" + Members);

        private const string Members = "SELECT Ags, Name, Kind, IsActive FROM Members WHERE RegionId = @RegionId ORDER BY Ags;";
    }
}
