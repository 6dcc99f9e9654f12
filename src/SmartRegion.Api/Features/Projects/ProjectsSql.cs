using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.StatusReports;

namespace SmartRegion.Api.Features.Projects;

/// <summary>A row of <c>Projects</c>; enums are stored as the API's snake_case words.</summary>
public sealed record ProjectRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Code { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string? Summary { get; init; }

    public string? Description { get; init; }

    public string Category { get; init; } = string.Empty;

    public Guid FieldOfActionId { get; init; }

    public DateOnly? PlannedStart { get; init; }

    public DateOnly? PlannedEnd { get; init; }

    public decimal? EstimatedCost { get; init; }

    public string CostSharingKey { get; init; } = string.Empty;

    public string? ProposedBy { get; init; }

    public string Status { get; init; } = string.Empty;

    public string? StatusBeforeHold { get; init; }

    public string SearchText { get; init; } = string.Empty;

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ProjectStatus StatusValue => EnumText.Parse<ProjectStatus>(Status);

    public ProjectCategory CategoryValue => EnumText.Parse<ProjectCategory>(Category);
}

/// <summary>A row of <c>FundingSources</c>.</summary>
public sealed record FundingRow
{
    public Guid Id { get; init; }

    public Guid ProjectId { get; init; }

    public string Programme { get; init; } = string.Empty;

    public string FundingBody { get; init; } = string.Empty;

    public decimal Amount { get; init; }

    public string Status { get; init; } = string.Empty;

    public DateOnly? DecisionDate { get; init; }

    public string? Reference { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A project's theme link, read alongside projects.</summary>
public sealed record ProjectThemeRow(Guid ProjectId, Guid ThemeId);

/// <summary>A project with the rows its response needs.</summary>
public sealed record ProjectAggregate(ProjectRow Project, IReadOnlyList<Guid> ThemeIds, IReadOnlyList<FundingRow> Funding, LatestStatusRow? LatestStatus = null);

/// <summary>SQL that the project use cases share: reading a project whole, writing its themes and versions.</summary>
public static class ProjectsSql
{
    public const string Columns = """
        Id, RegionId, Code, Title, Summary, Description, Category, FieldOfActionId, PlannedStart, PlannedEnd,
        EstimatedCost, CostSharingKey, ProposedBy, Status, StatusBeforeHold, SearchText, Version, CreatedAt, UpdatedAt
        """;

    public const string FundingColumns = """
        Id, ProjectId, Programme, FundingBody, Amount, Status, DecisionDate, Reference, Version, CreatedAt, UpdatedAt
        """;

    /// <summary>The project, its theme ids, its funding sources and its latest status: four result sets, one round trip.</summary>
    public static readonly SqlStatement GetWhole = SqlStatement.Shared($"""
        SELECT {Columns} FROM Projects WHERE Id = @Id AND RegionId = @RegionId;
        SELECT ProjectId, ThemeId FROM ProjectThemes WHERE ProjectId = @Id;
        SELECT {FundingColumns} FROM FundingSources WHERE ProjectId = @Id ORDER BY CreatedAt, Id;
        {StatusReportsSql.LatestOf("r.ProjectId = @Id")};
        """);

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO Projects (Id, RegionId, Code, Title, Summary, Description, Category, FieldOfActionId, PlannedStart, PlannedEnd,
            EstimatedCost, CostSharingKey, ProposedBy, Status, StatusBeforeHold, SearchText, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @RegionId, @Code, @Title, @Summary, @Description, @Category, @FieldOfActionId, @PlannedStart, @PlannedEnd,
            @EstimatedCost, @CostSharingKey, @ProposedBy, @Status, @StatusBeforeHold, @SearchText, @Version, @CreatedAt, @UpdatedAt)
        """);

    public static readonly SqlStatement InsertTheme = SqlStatement.Shared(
        "INSERT INTO ProjectThemes (ProjectId, ThemeId) VALUES (@ProjectId, @ThemeId)");

    public static readonly SqlStatement DeleteThemes = SqlStatement.Shared(
        "DELETE FROM ProjectThemes WHERE ProjectId = @ProjectId");

    /// <summary>Theme ids of the region among the given ones (to refuse unknown or foreign themes).</summary>
    public static readonly SqlStatement CountRegionThemes = SqlStatement.Shared(
        "SELECT COUNT(*) FROM Themes WHERE RegionId = @RegionId AND Id IN @ThemeIds");

    public static readonly SqlStatement FieldOfActionInRegion = SqlStatement.Shared(
        "SELECT COUNT(*) FROM FieldsOfAction WHERE Id = @FieldOfActionId AND RegionId = @RegionId");

    /// <summary>
    /// Moves the project to a new status and version, only if nobody changed it since it was read (else 0 rows).
    /// Used by explicit transitions and by Lenkungskreis decisions alike.
    /// </summary>
    public static readonly SqlStatement SetStatus = SqlStatement.Shared("""
        UPDATE Projects
        SET Status = @Status, StatusBeforeHold = @StatusBeforeHold, Category = @Category, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    /// <summary>A change to a project's parts (funding) is a change of the project: new version, new ETag.</summary>
    public static readonly SqlStatement Touch = SqlStatement.Shared("""
        UPDATE Projects SET Version = Version + 1, UpdatedAt = @UpdatedAt WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    /// <summary>
    /// Stores a new project with its themes, its "created" history entry and its change record: the one way a
    /// project comes into existence (API and demo seed alike).
    /// </summary>
    public static async Task InsertAsync(DbSession session, ProjectRow row, IEnumerable<Guid> themes, string actor, string? reason = null)
    {
        await session.ExecuteAsync(Insert, row);
        foreach (var theme in themes)
        {
            await session.ExecuteAsync(InsertTheme, new { ProjectId = row.Id, ThemeId = theme });
        }

        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(row.Id, ProjectHistoryKinds.Created, actor, row.CreatedAt, ToStatus: row.Status, Reason: reason));
        await ChangeLog.RecordAsync(session, new ChangeEntry(row.RegionId, ProjectRules.EntityType, row.Id.ToString("D"), "created", actor, row.CreatedAt,
            new { code = row.Code, status = row.Status, category = row.Category }, row.Version));
    }

    /// <summary>Reads a project with its themes and funding, or null when it is not in the region.</summary>
    public static async Task<ProjectAggregate?> LoadAsync(DbSession session, Guid regionId, Guid id)
    {
        using var grid = await session.QueryMultipleAsync(GetWhole, new { Id = id, RegionId = regionId });
        var project = await grid.ReadSingleOrDefaultAsync<ProjectRow>();
        var themes = (await grid.ReadAsync<ProjectThemeRow>()).Select(link => link.ThemeId).ToList();
        var funding = (await grid.ReadAsync<FundingRow>()).ToList();
        var latest = await grid.ReadSingleOrDefaultAsync<LatestStatusRow>();
        return project is null ? null : new ProjectAggregate(project, themes, funding, latest);
    }
}
