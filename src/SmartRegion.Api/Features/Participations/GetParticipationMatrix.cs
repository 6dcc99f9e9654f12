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
/// region). Not paged: it is designed for up to about 60 members × 1,000 projects, read in one round trip as one
/// snapshot.
/// </summary>
public sealed class GetParticipationMatrixRequest
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
/// Members × projects of a region: every member, the projects the filters select, and one cell per existing
/// participation (sparse: a member without a participation in a project has no cell).
/// </summary>
/// <param name="Members">Every member of the region, active or not, ordered by AGS (the rows).</param>
/// <param name="Projects">The projects the filters select, ordered by code (the columns).</param>
/// <param name="Cells">One cell per participation in those projects, withdrawn ones included, ordered by project code and AGS.</param>
public sealed record ParticipationMatrixResponse(
    IReadOnlyList<ParticipationMatrixMember> Members,
    IReadOnlyList<ParticipationMatrixProject> Projects,
    IReadOnlyList<ParticipationMatrixCell> Cells);

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
    public GetParticipationMatrixValidator() => RuleFor(r => r.Status).AtMostMaxItems();
}

public sealed class GetParticipationMatrixEndpoint(SmartRegionDb db) : Endpoint<GetParticipationMatrixRequest, ParticipationMatrixResponse>
{
    public override void Configure()
    {
        Get(GetParticipationMatrixRequest.Route);
        Description(
            b => b.WithName("getParticipationMatrix")
                .WithSummary("Read the members × projects participation matrix of a region, for dashboards (not paged; designed for 60 members × 1,000 projects)")
                .WithTags("Participations")
                .ReturnsJson<ParticipationMatrixResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetParticipationMatrixRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var statuses = (request.Status ?? []).Distinct().Select(EnumText.ToText).ToList();
        using var grid = await session.QueryMultipleAsync(Sql.Matrix, new
        {
            RegionId = region.Id,
            Category = request.Category is { } category ? EnumText.ToText(category) : null,
            StatusCount = statuses.Count,
            Statuses = statuses,
            FieldOfActionId = request.FieldOfAction,
        });
        var columns = (await grid.ReadAsync<MatrixProjectCellRow>()).ToList();
        var members = (await grid.ReadAsync<MatrixMemberRow>())
            .Select(row => new ParticipationMatrixMember(row.Ags, row.Name, MemberKinds.Parse(row.Kind), row.IsActive)).ToList();
        var projects = columns.DistinctBy(row => row.Id)
            .Select(row => new ParticipationMatrixProject(row.Id, row.Code, row.Title, EnumText.Parse<ProjectCategory>(row.Category),
                EnumText.Parse<ProjectStatus>(row.Status), row.FieldOfActionId)).ToList();
        var cells = columns.Where(row => row.Ags is not null)
            .Select(row => new ParticipationMatrixCell(row.Ags!, row.Id, EnumText.Parse<ParticipationState>(row.State!),
                EnumText.Parse<ParticipationRole>(row.Role!))).ToList();
        await Send.OkAsync(new ParticipationMatrixResponse(members, projects, cells), ct);
    }

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
        // Each "@X IS NULL OR …" switches a filter off when its parameter is absent (as listProjects).
        private const string ProjectFilter = """
            p.RegionId = @RegionId
              AND (@Category IS NULL OR p.Category = @Category)
              AND (@StatusCount = 0 OR p.Status IN @Statuses)
              AND (@FieldOfActionId IS NULL OR p.FieldOfActionId = @FieldOfActionId)
            """;

        /// <summary>
        /// The columns and the cells in one statement, so a cell never refers to a project that is not in the answer
        /// and no project loses its cells to a concurrent write (two statements that each ran the project filter
        /// could select different projects). The members come second: they are never deleted, so every cell's
        /// member is among them. Two result sets, one round trip.
        /// </summary>
        public static readonly SqlStatement Matrix = SqlStatement.Shared($"""
            SELECT p.Id, p.Code, p.Title, p.Category, p.Status, p.FieldOfActionId, pa.Ags, pa.State, pa.Role
            FROM Projects p
            LEFT JOIN Participations pa ON pa.ProjectId = p.Id AND pa.RegionId = p.RegionId
            WHERE {ProjectFilter}
            ORDER BY p.Code, pa.Ags;
            SELECT Ags, Name, Kind, IsActive FROM Members WHERE RegionId = @RegionId ORDER BY Ags;
            """);
    }
}
