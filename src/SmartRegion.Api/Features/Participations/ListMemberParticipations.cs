using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// Lists a member's participations across its region's projects, ordered by project code (every role of the
/// region; a deactivated member's participations stay readable). All filters combine.
/// </summary>
public sealed class ListMemberParticipationsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}/participations";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The member's AGS.</summary>
    public string Ags { get; set; } = string.Empty;

    /// <summary>Only participations in this state.</summary>
    [QueryParam]
    public ParticipationState? State { get; set; }

    /// <summary>Only participations with this role.</summary>
    [QueryParam]
    public ParticipationRole? Role { get; set; }

    /// <summary>Only participations changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug, string ags) => $"{GetMemberRequest.BuildRoute(slug, ags)}/participations";
}

public sealed class ListMemberParticipationsValidator : Validator<ListMemberParticipationsRequest>
{
    public ListMemberParticipationsValidator() => Include(new PageQueryRules());
}

public sealed class ListMemberParticipationsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ListMemberParticipationsRequest, Page<ParticipationResponse>>
{
    public override void Configure()
    {
        Get(ListMemberParticipationsRequest.Route);
        Description(
            b => b.WithName("listMemberParticipations").WithSummary("List a member's participations, ordered by project code").WithTags("Participations")
                .ReturnsPage<ParticipationResponse>().AlsoCsv(ListMemberParticipationsEndpoint.CsvColumnList),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListMemberParticipationsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<CodeCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var (region, member) = await MemberAccess.RequireAsync(session, request.Slug, request.Ags, Caller.From(User));
        if (CsvExport.IsRequested(HttpContext.Request))
        {
            await WriteCsvAsync(session, request, region, member.Ags, ct);
            return;
        }

        var rows = await session.QueryAsync<MemberParticipationRow>(Sql.Page, new
        {
            RegionId = region.Id,
            member.Ags,
            State = request.State is { } state ? EnumText.ToText(state) : null,
            Role = request.Role is { } role ? EnumText.ToText(role) : null,
            request.ModifiedSince,
            // Codes are never empty: the first page starts after '' (a plain range, no switched-off condition).
            AfterCode = after?.Code ?? string.Empty,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new CodeCursor(row.Code), row => ParticipationResponse.From(row.Participation)),
            ct);
    }

    internal const string CsvColumnList =
        "projectCode, projectId, role, state, costSharePercent, costShareAmount, resolutionBody, resolutionDate, resolutionReference, staffFte, customPercent, version, createdAt, updatedAt";

    private static readonly string[] CsvColumns = CsvColumnList.Split(", ");

    /// <summary>
    /// Every participation of the member matching the filters as CSV in project-code order, with the member's share of
    /// each project's own cost where it is a committed cost bearer (as the project's cost allocation computes it).
    /// </summary>
    private async Task WriteCsvAsync(DbSession session, ListMemberParticipationsRequest request, Regions.RegionRow region, string ags, CancellationToken ct)
    {
        const int Batch = PageQuery.MaxLimit;
        var reporting = ReportingPolicy.At(region.ReportingIntervalDays, clock.Now());
        await using var csv = CsvExport.Begin(HttpContext, "participations.csv");
        csv.WriteHeader(CsvColumns);
        var afterCode = string.Empty; // the first page starts after the empty code (a plain range the index seeks)
        while (true)
        {
            var rows = (await session.QueryAsync<MemberParticipationRow>(Sql.Page, new
            {
                RegionId = region.Id,
                Ags = ags,
                State = request.State is { } state ? EnumText.ToText(state) : null,
                Role = request.Role is { } role ? EnumText.ToText(role) : null,
                request.ModifiedSince,
                AfterCode = afterCode,
                Take = Batch + 1,
            })).ToList();
            foreach (var row in rows.Take(Batch))
            {
                // Only a committed participation carries a share; one allocation per such project.
                CostShare? share = null;
                if (row.State == EnumText.ToText(ParticipationState.Committed)
                    && await ProjectAccess.FindAsync(session, region.Id, row.ProjectId) is { } project)
                {
                    share = (await GetCostAllocationEndpoint.SharesOrEmptyAsync(session, region, ProjectResponse.From(project, reporting))).GetValueOrDefault(row.Ags);
                }

                await csv.WriteRecordAsync([
                    row.Code, row.ProjectId.ToString("D"), row.Role, row.State, CsvExport.Money(share is null ? null : decimal.Round(share.Percent, 2)),
                    CsvExport.Money(share?.Amount), row.ResolutionBody, CsvExport.Date(row.ResolutionDate), row.ResolutionReference,
                    CsvExport.Money(row.StaffFte), CsvExport.Money(row.CustomPercent), row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CsvExport.Timestamp(row.CreatedAt), CsvExport.Timestamp(row.UpdatedAt),
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

    private sealed record CodeCursor(string Code);

    /// <summary>A participation with its project's code, the sort key (unique in the region).</summary>
    private sealed record MemberParticipationRow
    {
        public string Code { get; init; } = string.Empty;

        public Guid Id { get; init; }

        public Guid RegionId { get; init; }

        public Guid ProjectId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string Role { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string? ContactName { get; init; }

        public string? ContactEmail { get; init; }

        public decimal? StaffFte { get; init; }

        public decimal? CustomPercent { get; init; }

        public string? Note { get; init; }

        public string? ResolutionBody { get; init; }

        public DateOnly? ResolutionDate { get; init; }

        public string? ResolutionReference { get; init; }

        public string? ResolutionUrl { get; init; }

        public int Version { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public ParticipationRow Participation => new()
        {
            Id = Id,
            RegionId = RegionId,
            ProjectId = ProjectId,
            Ags = Ags,
            Role = Role,
            State = State,
            ContactName = ContactName,
            ContactEmail = ContactEmail,
            StaffFte = StaffFte,
            CustomPercent = CustomPercent,
            Note = Note,
            ResolutionBody = ResolutionBody,
            ResolutionDate = ResolutionDate,
            ResolutionReference = ResolutionReference,
            ResolutionUrl = ResolutionUrl,
            Version = Version,
            CreatedAt = CreatedAt,
            UpdatedAt = UpdatedAt,
        };
    }

    internal static class Sql
    {
        private const string Columns = """
            p.Code, pa.Id, pa.RegionId, pa.ProjectId, pa.Ags, pa.Role, pa.State, pa.ContactName, pa.ContactEmail, pa.StaffFte,
            pa.CustomPercent, pa.Note, pa.ResolutionBody, pa.ResolutionDate, pa.ResolutionReference, pa.ResolutionUrl,
            pa.Version, pa.CreatedAt, pa.UpdatedAt
            """;

        // Seeks IX_Participations_Region_Ags; the join to Projects supplies the code that orders the page.
        private const string Filter = """
            FROM Participations pa
            JOIN Projects p ON p.Id = pa.ProjectId
            WHERE pa.RegionId = @RegionId AND pa.Ags = @Ags
              AND (@State IS NULL OR pa.State = @State)
              AND (@Role IS NULL OR pa.Role = @Role)
              AND (@ModifiedSince IS NULL OR pa.UpdatedAt >= @ModifiedSince)
              AND p.Code > @AfterCode
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {Columns}
                {Filter}
                ORDER BY p.Code
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {Columns}
                {Filter}
                ORDER BY p.Code
                """);
    }
}
