using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>Lists a project's participations, ordered by the members' AGS (every role of the region). All filters combine.</summary>
public sealed class ListProjectParticipationsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{projectId}/participations";

    public string Slug { get; set; } = string.Empty;

    public Guid ProjectId { get; set; }

    /// <summary>Only participations in this state.</summary>
    [QueryParam]
    public ParticipationState? State { get; set; }

    /// <summary>Only participations with this role.</summary>
    [QueryParam]
    public ParticipationRole? Role { get; set; }

    /// <summary>Only participations changed at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug, Guid projectId) => $"{GetProjectRequest.BuildRoute(slug, projectId)}/participations";
}

public sealed class ListProjectParticipationsValidator : Validator<ListProjectParticipationsRequest>
{
    public ListProjectParticipationsValidator() => Include(new PageQueryRules());
}

public sealed class ListProjectParticipationsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ListProjectParticipationsRequest, Page<ParticipationResponse>>
{
    public override void Configure()
    {
        Get(ListProjectParticipationsRequest.Route);
        Description(
            b => b.WithName("listProjectParticipations").WithSummary("List a project's participations, ordered by AGS").WithTags("Participations")
                .ReturnsPage<ParticipationResponse>().AlsoCsv(ListProjectParticipationsEndpoint.CsvColumnList),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectParticipationsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<AgsCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.ProjectId, Caller.From(User));
        if (CsvExport.IsRequested(HttpContext.Request))
        {
            await WriteCsvAsync(session, request, region, ProjectResponse.From(project, ReportingPolicy.At(region.ReportingIntervalDays, clock.Now())), ct);
            return;
        }

        var rows = await session.QueryAsync<ParticipationRow>(Sql.Page, new
        {
            ProjectId = project.Project.Id,
            State = request.State is { } state ? EnumText.ToText(state) : null,
            Role = request.Role is { } role ? EnumText.ToText(role) : null,
            request.ModifiedSince,
            AfterAgs = after?.Ags,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new AgsCursor(row.Ags), ParticipationResponse.From), ct);
    }

    internal const string CsvColumnList =
        "ags, role, state, costSharePercent, costShareAmount, resolutionBody, resolutionDate, resolutionReference, staffFte, customPercent, version, createdAt, updatedAt";

    private static readonly string[] CsvColumns = CsvColumnList.Split(", ");

    /// <summary>
    /// Every participation matching the filters as CSV in AGS order, with each committed cost bearer's share of the
    /// project's own cost (percent and EUR, as the cost allocation computes them), in keyset batches.
    /// </summary>
    private async Task WriteCsvAsync(DbSession session, ListProjectParticipationsRequest request, RegionRow region, ProjectResponse project, CancellationToken ct)
    {
        const int Batch = PageQuery.MaxLimit;
        var shares = await GetCostAllocationEndpoint.SharesOrEmptyAsync(session, region, project);
        await using var csv = CsvExport.Begin(HttpContext, "participations.csv");
        csv.WriteHeader(CsvColumns);
        string? afterAgs = null;
        while (true)
        {
            var rows = (await session.QueryAsync<ParticipationRow>(Sql.Page, new
            {
                ProjectId = project.Id,
                State = request.State is { } state ? EnumText.ToText(state) : null,
                Role = request.Role is { } role ? EnumText.ToText(role) : null,
                request.ModifiedSince,
                AfterAgs = afterAgs,
                Take = Batch + 1,
            })).ToList();
            foreach (var row in rows.Take(Batch))
            {
                var share = shares.GetValueOrDefault(row.Ags);
                await csv.WriteRecordAsync([
                    row.Ags, row.Role, row.State, CsvExport.Money(share is null ? null : decimal.Round(share.Percent, 2)), CsvExport.Money(share?.Amount),
                    row.ResolutionBody, CsvExport.Date(row.ResolutionDate), row.ResolutionReference, CsvExport.Money(row.StaffFte),
                    CsvExport.Money(row.CustomPercent), row.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    CsvExport.Timestamp(row.CreatedAt), CsvExport.Timestamp(row.UpdatedAt),
                ], ct);
            }

            await csv.FlushAsync(ct);
            if (rows.Count <= Batch)
            {
                return;
            }

            afterAgs = rows[Batch - 1].Ags;
        }
    }

    private sealed record AgsCursor(string Ags);

    internal static class Sql
    {
        private const string Filter = """
            WHERE ProjectId = @ProjectId
              AND (@State IS NULL OR State = @State)
              AND (@Role IS NULL OR Role = @Role)
              AND (@ModifiedSince IS NULL OR UpdatedAt >= @ModifiedSince)
              AND (@AfterAgs IS NULL OR Ags > @AfterAgs)
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {ParticipationsSql.Columns}
                FROM Participations
                {Filter}
                ORDER BY Ags
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {ParticipationsSql.Columns}
                FROM Participations
                {Filter}
                ORDER BY Ags
                """);
    }
}
