using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OParl;

/// <summary>A paper as the OParl view reads it: from an agenda item that names projects, a circulation, or a removed agenda item.</summary>
public sealed record OParlPaperRow
{
    public const string AgendaSource = "agenda";
    public const string CirculationSource = "circulation";
    public const string DeletedSource = "deleted";

    public Guid Id { get; init; }

    public string Source { get; init; } = string.Empty;

    public Guid? MeetingId { get; init; }

    public string? Name { get; init; }

    public string? Reference { get; init; }

    public DateTimeOffset PaperDate { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>1 once the Lenkungskreis decided (a decision on the agenda item, a closed circulation).</summary>
    public int Decided { get; init; }
}

/// <summary>A project a paper names.</summary>
public sealed record OParlPaperProjectRow(Guid PaperId, Guid ProjectId, string Code);

/// <summary>A participation with a linked council resolution (an OParl File).</summary>
public sealed record OParlFileRow
{
    public Guid Id { get; init; }

    public Guid ProjectId { get; init; }

    public string MemberName { get; init; } = string.Empty;

    public string? ResolutionBody { get; init; }

    public DateOnly? ResolutionDate { get; init; }

    public string? ResolutionReference { get; init; }

    public string ResolutionUrl { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Maps papers, consultations and files; the SQL the paper reads share.</summary>
public static class OParlPaperMapping
{
    private const string AgendaPapers = """
        FROM AgendaItems a INNER JOIN Meetings m ON m.Id = a.MeetingId
        WHERE m.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1)
          AND EXISTS (SELECT 1 FROM AgendaItemProjects ap WHERE ap.AgendaItemId = a.Id)
        """;

    private const string OtherPapers = """
        UNION ALL
        SELECT c.Id, 'circulation', NULL, c.Title, c.Reference, c.CreatedAt, c.CreatedAt, c.UpdatedAt, CASE WHEN c.State = 'closed' THEN 1 ELSE 0 END
        FROM Circulations c WHERE c.RegionId = @RegionId AND @PublicOnly = 0
        UNION ALL
        SELECT t.Id, 'deleted', t.MeetingId, NULL, NULL, t.DeletedAt, t.CreatedAt, t.DeletedAt, 0
        FROM DeletedAgendaItems t WHERE t.RegionId = @RegionId AND t.HadProjects = 1
        """;

    private const string Decided = "CASE WHEN EXISTS (SELECT 1 FROM Decisions d WHERE d.AgendaItemId = a.Id) THEN 1 ELSE 0 END";

    /// <summary>Every paper of the region (columns of <see cref="OParlPaperRow"/>), SQLite.</summary>
    public const string RowsSqlite = $"""
        SELECT a.Id AS Id, 'agenda' AS Source, a.MeetingId AS MeetingId, a.Title AS Name, m.Number || ' ' || a.Number AS Reference,
            m.StartsAt AS PaperDate, a.CreatedAt AS CreatedAt, a.UpdatedAt AS UpdatedAt, {Decided} AS Decided
        {AgendaPapers}
        {OtherPapers}
        """;

    /// <summary>Every paper of the region (columns of <see cref="OParlPaperRow"/>), SQL Server.</summary>
    public const string RowsSqlServer = $"""
        SELECT a.Id AS Id, 'agenda' AS Source, a.MeetingId AS MeetingId, a.Title AS Name, m.Number + N' ' + a.Number AS Reference,
            m.StartsAt AS PaperDate, a.CreatedAt AS CreatedAt, a.UpdatedAt AS UpdatedAt, {Decided} AS Decided
        {AgendaPapers}
        {OtherPapers}
        """;

    /// <summary>The projects that the papers with ids from <paramref name="ids"/> name.</summary>
    public static string Projects(string ids) => $"""
        SELECT ap.AgendaItemId AS PaperId, pr.Id AS ProjectId, pr.Code AS Code FROM AgendaItemProjects ap
        INNER JOIN Projects pr ON pr.Id = ap.ProjectId
        WHERE ap.AgendaItemId IN ({ids})
        UNION ALL
        SELECT c.Id, pr.Id, pr.Code FROM Circulations c
        INNER JOIN Projects pr ON pr.Id = c.ProjectId
        WHERE c.Id IN ({ids}) AND c.RegionId = @RegionId;
        """;

    /// <summary>The linked council resolutions on the projects that the papers with ids from <paramref name="ids"/> name.</summary>
    public static string Files(string ids) => $"""
        SELECT {FileColumns} {FileSource}
        WHERE pa.RegionId = @RegionId AND pa.ResolutionUrl IS NOT NULL
          AND (pa.ProjectId IN (SELECT ap.ProjectId FROM AgendaItemProjects ap WHERE ap.AgendaItemId IN ({ids}))
               OR pa.ProjectId IN (SELECT c.ProjectId FROM Circulations c WHERE c.Id IN ({ids}) AND c.ProjectId IS NOT NULL));
        """;

    public const string FileColumns = """
        pa.Id, pa.ProjectId, mb.Name AS MemberName, pa.ResolutionBody, pa.ResolutionDate, pa.ResolutionReference, pa.ResolutionUrl,
        pa.CreatedAt, pa.UpdatedAt
        """;

    public const string FileSource = "FROM Participations pa INNER JOIN Members mb ON mb.RegionId = pa.RegionId AND mb.Ags = pa.Ags";

    public static OParlPaper Paper(
        OParlUrls urls, string slug, OParlPaperRow row, IEnumerable<OParlPaperProjectRow> projects, ILookup<Guid, OParlFileRow> files, bool withInternal)
    {
        if (row.Source == OParlPaperRow.DeletedSource)
        {
            return new OParlPaper(urls.Paper(slug, row.Id), OParlTypes.Paper, urls.Body(slug), null, null, null, null, null, null, null,
                row.CreatedAt, row.UpdatedAt, Deleted: true);
        }

        var named = projects.OrderBy(p => p.Code, StringComparer.Ordinal).ToList();
        var attached = named.SelectMany(p => files[p.ProjectId]).OrderBy(f => f.Id).Select(f => File(urls, slug, f)).ToList();
        return new OParlPaper(
            urls.Paper(slug, row.Id),
            OParlTypes.Paper,
            urls.Body(slug),
            row.Name,
            row.Reference,
            CouncilTime.Today(row.PaperDate),
            row.Source == OParlPaperRow.CirculationSource ? "Umlaufbeschluss" : "Beschlussvorlage",
            withInternal ? [Consultation(urls, slug, row)] : null,
            withInternal && attached.Count > 0 ? attached : null,
            named.Select(p => p.Code).ToList(),
            row.CreatedAt,
            row.UpdatedAt);
    }

    public static OParlConsultation Consultation(OParlUrls urls, string slug, OParlPaperRow row)
    {
        var atMeeting = row.Source == OParlPaperRow.AgendaSource && row.MeetingId is { } meetingId;
        return new OParlConsultation(
            urls.Consultation(slug, row.Id),
            OParlTypes.Consultation,
            urls.Paper(slug, row.Id),
            atMeeting ? urls.AgendaItem(slug, row.Id) : null,
            atMeeting ? urls.Meeting(slug, row.MeetingId!.Value) : null,
            [urls.SteeringCommittee(slug)],
            row.Decided == 1,
            row.Source == OParlPaperRow.CirculationSource ? "Beschlussfassung im Umlaufverfahren" : "Beschlussfassung",
            row.CreatedAt,
            row.UpdatedAt);
    }

    public static OParlFile File(OParlUrls urls, string slug, OParlFileRow row) => new(
        urls.File(slug, row.Id),
        OParlTypes.File,
        string.Join(" ", new[] { "Ratsbeschluss", row.MemberName, row.ResolutionReference }.Where(part => !string.IsNullOrWhiteSpace(part))),
        row.ResolutionUrl,
        row.ResolutionDate,
        row.CreatedAt,
        row.UpdatedAt);
}

/// <summary>
/// The OParl list of a body's papers (decision proposals): agenda items that name projects and circulations, in id
/// order, with their consultation and the linked council resolutions as files. A paper whose agenda item was
/// removed is listed as <c>deleted: true</c>. Anonymous callers of a public region see the papers of public agenda
/// items only.
/// </summary>
public sealed class ListOParlPapersRequest : OParlListQuery
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/papers";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{OParlUrls.Prefix}/bodies/{Uri.EscapeDataString(slug)}/papers";
}

public sealed class ListOParlPapersValidator : Validator<ListOParlPapersRequest>
{
    public ListOParlPapersValidator() => Include(new OParlListQueryRules());
}

public sealed class ListOParlPapersEndpoint(SmartRegionDb db) : Endpoint<ListOParlPapersRequest, OParlList<OParlPaper>>
{
    public override void Configure()
    {
        Get(ListOParlPapersRequest.Route);
        Description(
            b => b.WithName("listOParlPapers").WithSummary("OParl: list a body's papers (decision proposals)").WithTags("OParl")
                .ReturnsJson<OParlList<OParlPaper>>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListOParlPapersRequest request, CancellationToken ct)
    {
        var cursor = OParlCursor.From(request);
        var caller = Caller.From(User);
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, caller);
        using var grid = await session.QueryMultipleAsync(
            cursor?.Backward == true ? Sql.Backward : Sql.Forward, OParlCursor.Parameters(region.Id, request, cursor, OParlAccess.PublicOnly(caller)));
        var total = await grid.ReadSingleAsync<int>();
        var papers = (await grid.ReadAsync<OParlPaperRow>()).ToList();
        var projects = (await grid.ReadAsync<OParlPaperProjectRow>()).ToLookup(p => p.PaperId);
        var files = (await grid.ReadAsync<OParlFileRow>()).ToLookup(f => f.ProjectId);
        var urls = OParlUrls.For(HttpContext.Request);
        await Send.OkAsync(
            OParlPaging.ToList(HttpContext.Request, request, cursor, total, papers, p => p.Id,
                p => OParlPaperMapping.Paper(urls, request.Slug, p, projects[p.Id], files, request.WithInternal)),
            ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Forward = Batch(backward: false);

        public static readonly SqlStatement Backward = Batch(backward: true);

        private static SqlStatement Batch(bool backward)
        {
            var sqlite = OParlPaging.CountAndPage(OParlPaperMapping.RowsSqlite, backward).Sqlite;
            var sqlServer = OParlPaging.CountAndPage(OParlPaperMapping.RowsSqlServer, backward).SqlServer;
            var sqliteIds = OParlPaging.PageIds(OParlPaperMapping.RowsSqlite, backward).Sqlite;
            var sqlServerIds = OParlPaging.PageIds(OParlPaperMapping.RowsSqlServer, backward).SqlServer;
            return SqlStatement.PerDialect(
                sqlite + OParlPaperMapping.Projects(sqliteIds) + OParlPaperMapping.Files(sqliteIds),
                sqlServer + OParlPaperMapping.Projects(sqlServerIds) + OParlPaperMapping.Files(sqlServerIds));
        }
    }
}

/// <summary>One OParl Paper, or <c>deleted: true</c> when its agenda item was removed.</summary>
public sealed class GetOParlPaperRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/papers/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlPaperEndpoint(SmartRegionDb db) : Endpoint<GetOParlPaperRequest, OParlPaper>
{
    public override void Configure()
    {
        Get(GetOParlPaperRequest.Route);
        Description(
            b => b.WithName("getOParlPaper").WithSummary("OParl: read a paper with its consultation and files").WithTags("OParl")
                .ReturnsJson<OParlPaper>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlPaperRequest request, CancellationToken ct)
    {
        var (row, projects, files) = await OParlPaperReads.RequireAsync(db, request.Slug, request.Id, Caller.From(User), ct);
        await Send.OkAsync(OParlPaperMapping.Paper(OParlUrls.For(HttpContext.Request), request.Slug, row, projects, files, withInternal: true), ct);
    }
}

/// <summary>The OParl Consultation of a paper: the Lenkungskreis deliberating it.</summary>
public sealed class GetOParlConsultationRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/papers/{id}/consultation";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlConsultationEndpoint(SmartRegionDb db) : Endpoint<GetOParlConsultationRequest, OParlConsultation>
{
    public override void Configure()
    {
        Get(GetOParlConsultationRequest.Route);
        Description(
            b => b.WithName("getOParlConsultation").WithSummary("OParl: read the consultation of a paper").WithTags("OParl")
                .ReturnsJson<OParlConsultation>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlConsultationRequest request, CancellationToken ct)
    {
        var (row, _, _) = await OParlPaperReads.RequireAsync(db, request.Slug, request.Id, Caller.From(User), ct);
        if (row.Source == OParlPaperRow.DeletedSource)
        {
            throw ApiProblemException.NotFound($"Paper {request.Id} of body '{request.Slug}' was removed, and its consultation with it.");
        }

        await Send.OkAsync(OParlPaperMapping.Consultation(OParlUrls.For(HttpContext.Request), request.Slug, row), ct);
    }
}

/// <summary>Reads one paper with what it embeds, for the paper and consultation endpoints.</summary>
public static class OParlPaperReads
{
    public static async Task<(OParlPaperRow Row, IEnumerable<OParlPaperProjectRow> Projects, ILookup<Guid, OParlFileRow> Files)> RequireAsync(
        SmartRegionDb db, string slug, Guid id, Caller caller, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, slug, caller);
        using var grid = await session.QueryMultipleAsync(Sql.One, new { RegionId = region.Id, Id = id, PublicOnly = OParlAccess.PublicOnly(caller) });
        var row = await grid.ReadSingleOrDefaultAsync<OParlPaperRow>()
            ?? throw ApiProblemException.NotFound($"There is no paper {id} in body '{slug}'.");
        var projects = (await grid.ReadAsync<OParlPaperProjectRow>()).ToList();
        var files = (await grid.ReadAsync<OParlFileRow>()).ToLookup(f => f.ProjectId);
        return (row, projects, files);
    }

    internal static class Sql
    {
        private const string Ids = "SELECT @Id";

        public static readonly SqlStatement One = SqlStatement.PerDialect(
            sqlite: $"SELECT p.* FROM ({OParlPaperMapping.RowsSqlite}) p WHERE p.Id = @Id;" + OParlPaperMapping.Projects(Ids) + OParlPaperMapping.Files(Ids),
            sqlServer: $"SELECT p.* FROM ({OParlPaperMapping.RowsSqlServer}) p WHERE p.Id = @Id;" + OParlPaperMapping.Projects(Ids) + OParlPaperMapping.Files(Ids));
    }
}

/// <summary>One OParl File: a member's linked council resolution on a project.</summary>
public sealed class GetOParlFileRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/files/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlFileEndpoint(SmartRegionDb db) : Endpoint<GetOParlFileRequest, OParlFile>
{
    public override void Configure()
    {
        Get(GetOParlFileRequest.Route);
        Description(
            b => b.WithName("getOParlFile").WithSummary("OParl: read a file (a linked council resolution)").WithTags("OParl")
                .ReturnsJson<OParlFile>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlFileRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        var row = await session.QuerySingleOrDefaultAsync<OParlFileRow>(Sql.One, new { RegionId = region.Id, request.Id })
            ?? throw ApiProblemException.NotFound($"There is no file {request.Id} in body '{request.Slug}'.");
        await Send.OkAsync(OParlPaperMapping.File(OParlUrls.For(HttpContext.Request), request.Slug, row), ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement One = SqlStatement.Shared($"""
            SELECT {OParlPaperMapping.FileColumns} {OParlPaperMapping.FileSource}
            WHERE pa.RegionId = @RegionId AND pa.Id = @Id AND pa.ResolutionUrl IS NOT NULL
            """);
    }
}
