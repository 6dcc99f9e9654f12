using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Dashboard;

/// <summary>
/// A region at a glance in one request (every role of the region): project counts and cost figures, what each
/// member carries, traffic lights, overdue reports, the next meetings, the last decisions, open circulations and the
/// progress of the approved strategy's goals.
/// </summary>
public sealed class GetDashboardRequest
{
    public const string Route = "/api/v1/regions/{slug}/dashboard";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only projects of this field of action (its id); meetings, decisions and circulations stay region-wide.</summary>
    [QueryParam]
    public Guid? FieldOfAction { get; set; }

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/dashboard";
}

/// <summary>A region's dashboard, read as one snapshot in one round trip.</summary>
/// <param name="ProjectCounts">Project counts by status × category × field of action; only combinations that occur.</param>
/// <param name="EstimatedCost" example="250000.00">Sum of the projects' estimated costs (EUR; unknown costs count as 0).</param>
/// <param name="GrantedFunding" example="150000.00">Sum of the projects' granted funding (EUR).</param>
/// <param name="OwnCost" example="100000.00">Sum of the projects' own costs (EUR; unknown costs count as 0).</param>
/// <param name="Members">Every member of the region by AGS, with its participations and the cost it carries.</param>
/// <param name="TrafficLights">How many projects' latest status report shows each traffic light.</param>
/// <param name="RedProjects">The projects whose latest status report is red, by code.</param>
/// <param name="OverdueProjects">The projects in implementation whose status report is overdue, by code.</param>
/// <param name="NextMeetings">Up to 5 planned meetings from now on, soonest first.</param>
/// <param name="LastDecisions">Up to 5 decisions, latest first.</param>
/// <param name="OpenCirculations">The open circulations by deadline, with the seats that have not voted.</param>
/// <param name="Strategy">The approved strategy version with each goal's progress towards its targets; null while none is approved.</param>
public sealed record DashboardResponse(
    IReadOnlyList<DashboardProjectCount> ProjectCounts,
    [property: Money] decimal EstimatedCost,
    [property: Money] decimal GrantedFunding,
    [property: Money] decimal OwnCost,
    IReadOnlyList<DashboardMember> Members,
    DashboardTrafficLights TrafficLights,
    IReadOnlyList<DashboardProject> RedProjects,
    IReadOnlyList<DashboardProject> OverdueProjects,
    IReadOnlyList<DashboardMeeting> NextMeetings,
    IReadOnlyList<DashboardDecision> LastDecisions,
    IReadOnlyList<DashboardCirculation> OpenCirculations,
    DashboardStrategy? Strategy)
{
    /// <summary>The dashboard is derived from many resources, so a hash of the content changes exactly when the answer does.</summary>
    public string ETag() =>
        $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))))[..20]}\"";
}

/// <summary>How many projects share a status, category and field of action.</summary>
/// <param name="Status" example="adopted">The projects' status.</param>
/// <param name="Category" example="lead">The projects' category.</param>
/// <param name="FieldOfActionId" example="01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f">The projects' field of action.</param>
/// <param name="Count" example="3">How many projects.</param>
public sealed record DashboardProjectCount(ProjectStatus Status, ProjectCategory Category, Guid FieldOfActionId, int Count);

/// <summary>A member's participations and the cost it carries.</summary>
/// <param name="Ags" example="05570004">The member's AGS.</param>
/// <param name="Name" example="Stadt Ahlen">Display name.</param>
/// <param name="Interested" example="1">Participations in state <c>interested</c>.</param>
/// <param name="PendingCouncil" example="0">Participations in state <c>pending_council</c>.</param>
/// <param name="Committed" example="2">Participations in state <c>committed</c>.</param>
/// <param name="Withdrawn" example="0">Participations in state <c>withdrawn</c>.</param>
/// <param name="CostShare" example="33333.34">Sum of the member's shares of the own cost over all projects it committed to (EUR), as each project's cost allocation splits it.</param>
public sealed record DashboardMember(string Ags, string Name, int Interested, int PendingCouncil, int Committed, int Withdrawn, [property: Money] decimal CostShare);

/// <summary>Projects by the traffic light of their latest status report.</summary>
/// <param name="Green" example="4">Green.</param>
/// <param name="Yellow" example="1">Yellow.</param>
/// <param name="Red" example="1">Red.</param>
/// <param name="None" example="2">Projects without a status report.</param>
public sealed record DashboardTrafficLights(int Green, int Yellow, int Red, int None);

/// <summary>A project the dashboard points out.</summary>
/// <param name="Id" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The project's id.</param>
/// <param name="Code" example="LP-07">The project's code.</param>
/// <param name="Title" example="Beispiel: Mobilitätsplattform">The project's title.</param>
/// <param name="LatestReportingDate" example="2025-03-28">The date of its latest status report, or null before the first.</param>
public sealed record DashboardProject(Guid Id, string Code, string Title, DateOnly? LatestReportingDate);

/// <summary>A planned meeting.</summary>
/// <param name="Id" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The meeting's id.</param>
/// <param name="Number" example="LK-2025-02">The meeting's number.</param>
/// <param name="Title" example="2. Sitzung des Lenkungskreises">The meeting's title.</param>
/// <param name="StartsAt" example="2025-06-12T14:00:00Z">When it starts.</param>
public sealed record DashboardMeeting(Guid Id, string Number, string Title, DateTimeOffset StartsAt);

/// <summary>A recorded decision.</summary>
/// <param name="Id" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The decision's id.</param>
/// <param name="Reference" example="LK-2025-01/3">The decision's reference.</param>
/// <param name="Title" example="Aufnahme LP-07">The decision's title.</param>
/// <param name="Result" example="adopted">Adopted or rejected.</param>
/// <param name="DecidedAt" example="2025-03-28T09:30:00Z">When it was decided.</param>
public sealed record DashboardDecision(Guid Id, string Reference, string Title, DecisionResult Result, DateTimeOffset DecidedAt);

/// <summary>An open circulation (Umlaufverfahren).</summary>
/// <param name="Id" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The circulation's id.</param>
/// <param name="Reference" example="UV-2025-01">The circulation's reference.</param>
/// <param name="Title" example="Aufnahme LP-08">The circulation's title.</param>
/// <param name="Deadline" example="2025-04-15T22:00:00Z">When voting ends.</param>
/// <param name="NotVoted">The AGS of the seats that have not voted yet, ordered.</param>
public sealed record DashboardCirculation(Guid Id, string Reference, string Title, DateTimeOffset Deadline, IReadOnlyList<string> NotVoted);

/// <summary>The approved strategy version and how far its goals have come.</summary>
/// <param name="VersionId" example="01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f">The approved version's id.</param>
/// <param name="Label" example="1.0">The approved version's label.</param>
/// <param name="Goals">Its goals in their order, each with its indicators, their latest measurement and the progress.</param>
public sealed record DashboardStrategy(Guid VersionId, string Label, IReadOnlyList<StrategyGoalResponse> Goals);

public sealed class GetDashboardEndpoint(SmartRegionDb db, ReadCache readCache, Clock clock) : Endpoint<GetDashboardRequest, DashboardResponse>
{
    private const int Shown = 5;

    public override void Configure()
    {
        Get(GetDashboardRequest.Route);
        Description(
            b => b.WithName("getDashboard")
                .WithSummary("Read a region's dashboard in one request: project counts and costs, what each member carries, traffic lights, overdue reports, next meetings, last decisions, open circulations and the approved strategy's progress")
                .WithTags("Dashboard")
                .ReturnsJson<DashboardResponse>()
                .WithDerivedETag("A validator of this derived answer (it changes exactly when the answer does); send it in `If-None-Match` to read again only when changed.")
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetDashboardRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var reads = readCache.Current();
        var region = await RegionAccess.RequireVisibleAsync(db, reads, request.Slug, caller, ct);
        var now = clock.Now();
        var reporting = ReportingPolicy.At(region.ReportingIntervalDays, now);
        // One state of the database gives one dashboard per date (reportOverdue) and per view of the agenda; the
        // instant matters only through the upcoming meetings, so an answer holds until the first of them starts.
        var answer = await reads.AnswerAsync(
            JsonAnswer.CacheKey(HttpContext, reporting.Today, caller.SeesNonPublicAgenda ? "agenda:all" : "agenda:public"),
            () => LoadAsync(request, region, caller, now, reporting, ct),
            now);
        await answer.SendAsync(HttpContext, ct);
    }

    /// <summary>
    /// Reads and folds the region in one pass, in memory proportional to what the answer shows: the per-project rows
    /// (granted funding, latest report, the committed cost bearers) are kept as small maps, and the projects come last,
    /// streamed, each folded into the counts, sums, points and cost shares and then dropped. A region of 40,000
    /// projects never holds 40,000 project objects at once.
    /// </summary>
    private async Task<JsonAnswer> LoadAsync(GetDashboardRequest request, RegionRow region, Caller caller, DateTimeOffset now, ReportingPolicy reporting, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        using var grid = await session.QueryMultipleAsync(Sql.Dashboard, new { RegionId = region.Id, FieldOfActionId = request.FieldOfAction, Now = now, Take = Shown, OnlyPublic = !caller.SeesNonPublicAgenda });
        var members = (await grid.ReadAsync<MemberRow>()).ToList();
        var meetings = (await grid.ReadAsync<MeetingRow>()).ToList();
        var decisions = (await grid.ReadAsync<DecisionRow>()).ToList();
        var circulations = (await grid.ReadAsync<CirculationRow>()).ToList();
        var pendingSeats = (await grid.ReadAsync<SeatRow>()).ToLookup(seat => seat.CirculationId, seat => seat.Ags);
        var approved = await grid.ReadSingleOrDefaultAsync<ApprovedStrategyRow>();
        var measured = (await grid.ReadAsync<LatestMeasurementRow>()).ToDictionary(row => row.IndicatorId);

        var granted = new Dictionary<Guid, decimal>();
        await foreach (var source in grid.ReadUnbufferedAsync<GrantedRow>())
        {
            granted[source.ProjectId] = granted.GetValueOrDefault(source.ProjectId) + source.Amount;
        }

        var latest = new Dictionary<Guid, (TrafficLight Light, DateOnly Date)>();
        await foreach (var report in grid.ReadUnbufferedAsync<LatestStatusRow>())
        {
            latest[report.ProjectId] = (EnumText.Parse<TrafficLight>(report.TrafficLight), report.ReportingDate);
        }

        // State counts per member, and per project the committed lead and partner members that carry its own cost
        // (rows come ordered by project and AGS, the order the allocation takes them in).
        var states = new Dictionary<(string Ags, string State), int>();
        var bearers = new Dictionary<Guid, List<CostParticipant>>();
        await foreach (var row in grid.ReadUnbufferedAsync<ParticipationRow>())
        {
            states[(row.Ags, row.State)] = states.GetValueOrDefault((row.Ags, row.State)) + 1;
            if (row.State == "committed" && row.Role is "lead" or "partner")
            {
                if (!bearers.TryGetValue(row.ProjectId, out var list))
                {
                    bearers[row.ProjectId] = list = [];
                }

                list.Add(new CostParticipant(row.Ags, row.Population, row.CustomPercent, row.Kind == "district"));
            }
        }

        var counts = new Dictionary<(ProjectStatus Status, ProjectCategory Category, Guid FieldOfActionId), int>();
        var carried = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var lights = new Dictionary<TrafficLight, int>();
        var (estimatedTotal, grantedTotal, ownTotal, unreported) = (0m, 0m, 0m, 0);
        var red = new List<DashboardProject>();
        var overdue = new List<DashboardProject>();
        await foreach (var project in grid.ReadUnbufferedAsync<DashboardProjectRow>())
        {
            var status = EnumText.Parse<ProjectStatus>(project.Status);
            var group = (status, EnumText.Parse<ProjectCategory>(project.Category), project.FieldOfActionId);
            counts[group] = counts.GetValueOrDefault(group) + 1;
            var projectGranted = granted.GetValueOrDefault(project.Id);
            var ownCost = ProjectResponse.OwnCostOf(project.EstimatedCost, projectGranted);
            (estimatedTotal, grantedTotal, ownTotal) = (estimatedTotal + (project.EstimatedCost ?? 0m), grantedTotal + projectGranted, ownTotal + (ownCost ?? 0m));
            DateOnly? reported = latest.TryGetValue(project.Id, out var report) ? report.Date : null;
            if (reported is null)
            {
                unreported++;
            }
            else
            {
                lights[report.Light] = lights.GetValueOrDefault(report.Light) + 1;
            }

            if (reported is not null && report.Light == TrafficLight.Red)
            {
                red.Add(new DashboardProject(project.Id, project.Code, project.Title, reported));
            }

            if (reporting.IsOverdue(status, reported))
            {
                overdue.Add(new DashboardProject(project.Id, project.Code, project.Title, reported));
            }

            if (ownCost is { } total && bearers.TryGetValue(project.Id, out var projectBearers))
            {
                try
                {
                    foreach (var share in CostAllocation.Allocate(total, EnumText.Parse<CostSharingKey>(project.CostSharingKey), projectBearers, region.DistrictSharePercent))
                    {
                        carried[share.Ags] = carried.GetValueOrDefault(share.Ags) + decimal.Round(share.Amount, 2);
                    }
                }
                catch (DomainRuleException)
                {
                    // A key that cannot split yet (a population missing, custom percentages not adding up, the district
                    // share not configured) carries nothing, as the participation CSV shows it.
                }
            }
        }

        int CountOf(string ags, string state) => states.GetValueOrDefault((ags, state));
        var memberFigures = members.Select(m => new DashboardMember(m.Ags, m.Name,
            CountOf(m.Ags, "interested"), CountOf(m.Ags, "pending_council"), CountOf(m.Ags, "committed"), CountOf(m.Ags, "withdrawn"),
            carried.GetValueOrDefault(m.Ags))).ToList();
        var response = new DashboardResponse(
            counts.Select(pair => new DashboardProjectCount(pair.Key.Status, pair.Key.Category, pair.Key.FieldOfActionId, pair.Value))
                .OrderBy(c => EnumText.ToText(c.Status), StringComparer.Ordinal).ThenBy(c => EnumText.ToText(c.Category), StringComparer.Ordinal)
                .ThenBy(c => c.FieldOfActionId).ToList(),
            estimatedTotal,
            grantedTotal,
            ownTotal,
            memberFigures,
            new DashboardTrafficLights(lights.GetValueOrDefault(TrafficLight.Green), lights.GetValueOrDefault(TrafficLight.Yellow),
                lights.GetValueOrDefault(TrafficLight.Red), unreported),
            red,
            overdue,
            meetings.Select(m => new DashboardMeeting(m.Id, m.Number, m.Title, m.StartsAt)).ToList(),
            decisions.Select(d => new DashboardDecision(d.Id, d.Reference, d.Title, EnumText.Parse<DecisionResult>(d.Result), d.DecidedAt)).ToList(),
            circulations.Select(c => new DashboardCirculation(c.Id, c.Reference, c.Title, c.Deadline, pendingSeats[c.Id].ToList())).ToList(),
            approved is null ? null : new DashboardStrategy(approved.Id, approved.Label,
                StrategyVersionResponse.GoalsWithProgress(StrategyContent.Parse(approved.Content).Goals, measured)));

        // Meetings are shown from their start on (StartsAt >= now): the first one leaves the list after its start.
        return JsonAnswer.Of(response, HttpContext, response.ETag(), validUntil: meetings.Count == 0 ? null : meetings.Min(meeting => meeting.StartsAt));
    }

    /// <summary>What the dashboard needs of a project: no texts beyond code and title.</summary>
    private sealed record DashboardProjectRow
    {
        public Guid Id { get; init; }

        public string Code { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string Category { get; init; } = string.Empty;

        public Guid FieldOfActionId { get; init; }

        public decimal? EstimatedCost { get; init; }

        public string CostSharingKey { get; init; } = string.Empty;

        public string Status { get; init; } = string.Empty;
    }

    /// <summary>A granted funding source's amount.</summary>
    private sealed record GrantedRow
    {
        public Guid ProjectId { get; init; }

        public decimal Amount { get; init; }
    }

    private sealed record ParticipationRow
    {
        public Guid ProjectId { get; init; }

        public string Ags { get; init; } = string.Empty;

        public string State { get; init; } = string.Empty;

        public string Role { get; init; } = string.Empty;

        public decimal? CustomPercent { get; init; }

        public int? Population { get; init; }

        public string Kind { get; init; } = string.Empty;
    }

    private sealed record MemberRow
    {
        public string Ags { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;
    }

    private sealed record MeetingRow
    {
        public Guid Id { get; init; }

        public string Number { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public DateTimeOffset StartsAt { get; init; }
    }

    private sealed record DecisionRow
    {
        public Guid Id { get; init; }

        public string Reference { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public string Result { get; init; } = string.Empty;

        public DateTimeOffset DecidedAt { get; init; }
    }

    private sealed record CirculationRow
    {
        public Guid Id { get; init; }

        public string Reference { get; init; } = string.Empty;

        public string Title { get; init; } = string.Empty;

        public DateTimeOffset Deadline { get; init; }
    }

    private sealed record ApprovedStrategyRow
    {
        public Guid Id { get; init; }

        public string Label { get; init; } = string.Empty;

        public string Content { get; init; } = "{}";
    }

    private sealed record SeatRow
    {
        public Guid CirculationId { get; init; }

        public string Ags { get; init; } = string.Empty;
    }

    internal static class Sql
    {
        private const string Selected = "p.RegionId = @RegionId AND (@FieldOfActionId IS NULL OR p.FieldOfActionId = @FieldOfActionId)";

        // The small result sets first; then the per-project rows the projects are folded with; the projects last.
        private static string Batch(string firstMeetings, string lastDecisions) => $"""
            SELECT Ags, Name FROM Members WHERE RegionId = @RegionId ORDER BY Ags;
            {firstMeetings};
            {lastDecisions};
            SELECT Id, Reference, Title, Deadline FROM Circulations WHERE RegionId = @RegionId AND State = 'open' ORDER BY Deadline, Id;
            SELECT s.CirculationId, s.Ags FROM CirculationSeats s JOIN Circulations c ON c.Id = s.CirculationId
            WHERE c.RegionId = @RegionId AND c.State = 'open' AND s.Vote IS NULL ORDER BY s.CirculationId, s.Ags;
            SELECT Id, Label, Content FROM StrategyVersions WHERE RegionId = @RegionId AND State = 'approved';
            {StrategySql.LatestMeasurementsText};
            SELECT f.ProjectId, f.Amount
            FROM FundingSources f JOIN Projects p ON p.Id = f.ProjectId WHERE {Selected} AND f.Status = 'granted';
            {StatusReportsSql.LatestOf($"r.ProjectId IN (SELECT p.Id FROM Projects p WHERE {Selected})")};
            SELECT pa.ProjectId, pa.Ags, pa.State, pa.Role, pa.CustomPercent, m.Population, m.Kind
            FROM Participations pa
            JOIN Projects p ON p.Id = pa.ProjectId
            JOIN Members m ON m.RegionId = pa.RegionId AND m.Ags = pa.Ags
            WHERE pa.RegionId = @RegionId AND {Selected}
            ORDER BY pa.ProjectId, pa.Ags;
            SELECT p.Id, p.Code, p.Title, p.Category, p.FieldOfActionId, p.EstimatedCost, p.CostSharingKey, p.Status
            FROM Projects p WHERE {Selected} ORDER BY p.Code;
            """;

        private const string MeetingsFilter = "FROM Meetings WHERE RegionId = @RegionId AND State = 'planned' AND StartsAt >= @Now ORDER BY StartsAt, Id";

        private const string DecisionsOrder = $"FROM Decisions d WHERE d.RegionId = @RegionId AND {DecisionsSql.Visible} ORDER BY d.DecidedAt DESC, d.Id DESC";

        /// <summary>Everything the dashboard shows: eleven result sets, one round trip.</summary>
        public static readonly SqlStatement Dashboard = SqlStatement.PerDialect(
            sqlite: Batch($"SELECT Id, Number, Title, StartsAt {MeetingsFilter} LIMIT @Take", $"SELECT Id, Reference, Title, Result, DecidedAt {DecisionsOrder} LIMIT @Take"),
            sqlServer: Batch($"SELECT TOP (@Take) Id, Number, Title, StartsAt {MeetingsFilter}", $"SELECT TOP (@Take) Id, Reference, Title, Result, DecidedAt {DecisionsOrder}"));
    }
}
