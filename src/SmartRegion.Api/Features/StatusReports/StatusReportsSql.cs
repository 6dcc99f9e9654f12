using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>A row of <c>StatusReports</c>; <see cref="Milestones"/> is the JSON array as the report was sent.</summary>
public sealed record StatusReportRow
{
    public Guid Id { get; init; }

    public Guid ProjectId { get; init; }

    public DateOnly ReportingDate { get; init; }

    public string TrafficLight { get; init; } = string.Empty;

    public int ProgressPercent { get; init; }

    public string Summary { get; init; } = string.Empty;

    public string? NextSteps { get; init; }

    public string? Risks { get; init; }

    public string Milestones { get; init; } = "[]";

    public Guid? Supersedes { get; init; }

    /// <summary>The report that corrects this one, if any (read, not stored: reports are append-only).</summary>
    public Guid? SupersededBy { get; init; }

    public string ReportedBy { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The current report of a project, as every project response shows it.</summary>
public sealed record LatestStatusRow
{
    public Guid ProjectId { get; init; }

    public Guid Id { get; init; }

    public string TrafficLight { get; init; } = string.Empty;

    public int ProgressPercent { get; init; }

    public DateOnly ReportingDate { get; init; }
}

/// <summary>SQL that the status report use cases and the project reads share.</summary>
public static class StatusReportsSql
{
    /// <summary>A report is superseded at most once, see migration 0009.</summary>
    public static readonly UniqueIndex SupersedesIndex = new("UX_StatusReports_Supersedes", "StatusReports.Supersedes");

    /// <summary>Columns of <c>r</c> (a StatusReports row) and the id of the report that supersedes it.</summary>
    public const string Columns = """
        r.Id, r.ProjectId, r.ReportingDate, r.TrafficLight, r.ProgressPercent, r.Summary, r.NextSteps, r.Risks, r.Milestones,
        r.Supersedes, (SELECT s.Id FROM StatusReports s WHERE s.Supersedes = r.Id) AS SupersededBy, r.ReportedBy, r.CreatedAt
        """;

    /// <summary>Newest first: the later reporting date, then the later report.</summary>
    public const string NewestFirst = "ORDER BY r.ReportingDate DESC, r.CreatedAt DESC, r.Id DESC";

    /// <summary>Below a cursor in <see cref="NewestFirst"/> order (or everything when there is no cursor).</summary>
    public const string AfterCursor = """
        (@AfterId IS NULL OR r.ReportingDate < @AfterReportingDate
            OR (r.ReportingDate = @AfterReportingDate AND (r.CreatedAt < @AfterCreatedAt OR (r.CreatedAt = @AfterCreatedAt AND r.Id < @AfterId))))
        """;

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO StatusReports (Id, ProjectId, ReportingDate, TrafficLight, ProgressPercent, Summary, NextSteps, Risks, Milestones, Supersedes, ReportedBy, CreatedAt)
        VALUES (@Id, @ProjectId, @ReportingDate, @TrafficLight, @ProgressPercent, @Summary, @NextSteps, @Risks, @Milestones, @Supersedes, @ReportedBy, @CreatedAt)
        """);

    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns} FROM StatusReports r WHERE r.Id = @Id AND r.ProjectId = @ProjectId
        """);

    /// <summary>Whether the member holds the project's lead (a lead participation that is not withdrawn).</summary>
    public static readonly SqlStatement IsLead = SqlStatement.Shared("""
        SELECT COUNT(*) FROM Participations WHERE ProjectId = @ProjectId AND Ags = @Ags AND Role = 'lead' AND State <> 'withdrawn'
        """);

    /// <summary>
    /// The latest report of each project that <paramref name="projectFilter"/> selects (a condition on <c>r.ProjectId</c>):
    /// the newest that no correction superseded.
    /// </summary>
    public static string LatestOf(string projectFilter) => $"""
        SELECT ProjectId, Id, TrafficLight, ProgressPercent, ReportingDate FROM (
            SELECT r.ProjectId, r.Id, r.TrafficLight, r.ProgressPercent, r.ReportingDate,
                ROW_NUMBER() OVER (PARTITION BY r.ProjectId ORDER BY r.ReportingDate DESC, r.CreatedAt DESC, r.Id DESC) AS Position
            FROM StatusReports r
            WHERE {projectFilter} AND NOT EXISTS (SELECT 1 FROM StatusReports s WHERE s.Supersedes = r.Id)
        ) latest
        WHERE Position = 1
        """;
}
