using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Demo;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Demo;

[Collection(SqliteCollection.Name)]
public sealed class DemoSeedTestsOnSqlite(SqliteApp app) : DemoSeedTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class DemoSeedTestsOnSqlServer(SqlServerApp app) : DemoSeedTests(app);

/// <summary><c>--seed-demo</c>: Kreis Warendorf with 14 members, 6 fields of action, 24 projects and a Lenkungskreis story, safe to repeat.</summary>
public abstract class DemoSeedTests
{
    private readonly SmartRegionApp app;

    protected DemoSeedTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_demo_lenkungskreis_adopted_the_projects_it_shows_as_adopted_and_seeding_twice_changes_nothing()
    {
        var seeder = app.Service<DemoSeeder>();
        var first = await LenkungskreisCountsAsync(app.WithKey(await seeder.SeedAsync(CancellationToken.None)));
        var coordinator = app.WithKey(await seeder.SeedAsync(CancellationToken.None));
        Assert.Equal(first, await LenkungskreisCountsAsync(coordinator));

        var meetings = (await (await coordinator.GetAsync($"{ListMeetingsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200"))
            .ReadAsync<Page<MeetingSummaryResponse>>()).Items;
        Assert.Equal(["LK 2025/1", "LK 2025/2", "LK 2026/1"], meetings.Select(meeting => meeting.Number).Order(StringComparer.Ordinal).ToArray());
        var firstMeeting = await GetMeetingAsync(coordinator, meetings.Single(meeting => meeting.Number == "LK 2025/1").Id);
        var secondMeeting = await GetMeetingAsync(coordinator, meetings.Single(meeting => meeting.Number == "LK 2025/2").Id);
        var planned = await GetMeetingAsync(coordinator, meetings.Single(meeting => meeting.Number == "LK 2026/1").Id);

        Assert.Equal(MeetingState.Closed, firstMeeting.State);
        Assert.Equal(14, firstMeeting.Attendance.Count);
        Assert.Equal(13, firstMeeting.Attendance.Count(seat => seat.Status == AttendanceStatus.Present));
        Assert.All(firstMeeting.Attendance.Where(seat => seat.Status == AttendanceStatus.Present), seat => Assert.False(string.IsNullOrEmpty(seat.DelegateName)));
        Assert.Equal(4, firstMeeting.AgendaItems.Count);
        Assert.False(string.IsNullOrEmpty(firstMeeting.Minutes));
        Assert.Equal(MeetingState.Held, secondMeeting.State);
        Assert.Equal(12, secondMeeting.Attendance.Count(seat => seat.Status == AttendanceStatus.Present));
        Assert.Equal(2, secondMeeting.Attendance.Count(seat => seat.Status == AttendanceStatus.Excused));
        Assert.Equal(MeetingState.Planned, planned.State);
        Assert.Equal(4, planned.AgendaItems.Count);
        Assert.Single(planned.AgendaItems, item => !item.IsPublic);
        Assert.Contains(planned.AgendaItems, item => item.ProjectIds.Count > 0);
        Assert.All(planned.Attendance, seat => Assert.Null(seat.Status));

        var decisions = await ListDecisionsAsync(coordinator);
        var firstDecisions = decisions.Where(decision => decision.MeetingId == firstMeeting.Id).ToList();
        var secondDecisions = decisions.Where(decision => decision.MeetingId == secondMeeting.Id).ToList();
        Assert.Equal(decisions.Count, firstDecisions.Count + secondDecisions.Count);
        Assert.All(decisions, decision => Assert.Matches(@"^LK-2025/[12]-\d+$", decision.Reference));
        var strategy = Assert.Single(decisions, decision => decision.Type == DecisionType.ApproveStrategy);
        Assert.Equal(("LK-2025/1-1", 14, 13, 13, 0, 0, true, DecisionResult.Adopted),
            (strategy.Reference, strategy.Seats, strategy.Present, strategy.Yes, strategy.No, strategy.Abstain, strategy.QuorumPresent, strategy.Result));
        Assert.All(firstDecisions, decision => Assert.Equal((14, 13, DecisionResult.Adopted), (decision.Seats, decision.Present, decision.Result)));
        Assert.All(secondDecisions, decision => Assert.Equal((14, 12), (decision.Seats, decision.Present)));

        var projects = (await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<ProjectResponse>>()).Items;
        var promotion = Assert.Single(decisions, decision => decision.Type == DecisionType.PromoteToLead);
        Assert.Equal(DecisionResult.Adopted, promotion.Result);
        Assert.Equal(ProjectCategory.Lead, projects.Single(project => project.Id == promotion.ProjectId).Category);
        var rejected = Assert.Single(decisions, decision => decision.Result == DecisionResult.Rejected);
        Assert.Equal((DecisionType.AdoptProject, 3, 7, 2), (rejected.Type, rejected.Yes, rejected.No, rejected.Abstain));
        var shuttle = projects.Single(project => project.Id == rejected.ProjectId);
        Assert.Equal((ProjectStatus.Proposed, ProjectCategory.Potential), (shuttle.Status, shuttle.Category));
        Assert.DoesNotContain(await ReadHistoryAsync(coordinator, shuttle.Id), entry => entry.DecisionId is not null);
        Assert.All(decisions, decision => Assert.Equal((decision.Present, decision.Present), (decision.Votes.Count, decision.Yes + decision.No + decision.Abstain)));

        // Every project the demo shows as adopted or further along was adopted by one of these decisions.
        var adoptions = decisions.Where(decision => decision.Type == DecisionType.AdoptProject && decision.Result == DecisionResult.Adopted).ToList();
        var decided = projects.Where(project => project.Status is ProjectStatus.Adopted or ProjectStatus.InImplementation or ProjectStatus.OnHold or ProjectStatus.Completed).ToList();
        Assert.Equal(11, decided.Count);
        Assert.Equal(decided.Select(project => project.Id).Order(), adoptions.Select(decision => decision.ProjectId!.Value).Order());
        foreach (var project in decided)
        {
            var history = await ReadHistoryAsync(coordinator, project.Id);
            var adoption = adoptions.Single(decision => decision.ProjectId == project.Id);
            Assert.Contains(history, entry => entry.DecisionId == adoption.Id && entry.ToStatus == ProjectStatus.Adopted && entry.FromStatus == ProjectStatus.Proposed);
        }

        var circulations = (await (await coordinator.GetAsync($"{ListCirculationsRequest.BuildRoute(DemoSeeder.RegionSlug)}?state=open")).ReadAsync<Page<CirculationResponse>>()).Items;
        var circulation = Assert.Single(circulations);
        Assert.Equal(DecisionType.AdoptProject, circulation.Type);
        Assert.Equal(ProjectStatus.Proposed, projects.Single(project => project.Id == circulation.ProjectId).Status);
        Assert.Equal(14, circulation.Seats.Count);
        Assert.Equal(4, circulation.Seats.Count(seat => seat.Vote is not null));
        Assert.True(circulation.Deadline > DateTimeOffset.UtcNow.AddDays(20), "The circulation stays open for about a month after seeding.");
    }

    private static async Task<MeetingResponse> GetMeetingAsync(HttpClient client, Guid id) =>
        await (await client.GetAsync(GetMeetingRequest.BuildRoute(DemoSeeder.RegionSlug, id))).ReadAsync<MeetingResponse>();

    private static async Task<IReadOnlyList<DecisionResponse>> ListDecisionsAsync(HttpClient client) =>
        (await (await client.GetAsync($"{ListDecisionsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<DecisionResponse>>()).Items;

    private static async Task<IReadOnlyList<ProjectHistoryEntryResponse>> ReadHistoryAsync(HttpClient client, Guid projectId) =>
        (await (await client.GetAsync($"{ListProjectHistoryRequest.BuildRoute(DemoSeeder.RegionSlug, projectId)}?limit=200")).ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items;

    /// <summary>What a repeated seed must not add to: meetings, agenda items, decisions, votes, circulations.</summary>
    private static async Task<(int Meetings, int AgendaItems, int Decisions, int Votes, int Circulations)> LenkungskreisCountsAsync(HttpClient client)
    {
        var meetings = (await (await client.GetAsync($"{ListMeetingsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<MeetingSummaryResponse>>()).Items;
        var agendaItems = 0;
        foreach (var meeting in meetings)
        {
            agendaItems += (await GetMeetingAsync(client, meeting.Id)).AgendaItems.Count;
        }

        var decisions = await ListDecisionsAsync(client);
        var circulations = (await (await client.GetAsync(ListCirculationsRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<Page<CirculationResponse>>()).Items;
        return (meetings.Count, agendaItems, decisions.Count, decisions.Sum(decision => decision.Votes.Count), circulations.Count);
    }

    /// <summary>
    /// One write path: the seed creates projects and their funding through the use cases the endpoints run, so a
    /// seeded project's history starts exactly like that of a project created and funded through the API.
    /// </summary>
    [Fact]
    public async Task The_demo_strategy_1_0_is_approved_by_the_strategy_decision_of_LK_2025_1_and_1_1_is_in_consultation_with_comments()
    {
        var seeder = app.Service<DemoSeeder>();
        await seeder.SeedAsync(CancellationToken.None);
        var coordinator = app.WithKey(await seeder.SeedAsync(CancellationToken.None));

        var current = await (await coordinator.GetAsync(GetStrategyRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<StrategyVersionResponse>();
        Assert.Equal(("1.0", StrategyState.Approved, "LK-2025/1-1"), (current.Label, current.State, current.ApprovalReference));
        Assert.Equal(6, current.FieldsOfAction.Count);
        Assert.Equal(24, current.Projects.Count);
        Assert.All(current.Goals, goal => Assert.StartsWith("Beispiel:", goal.Title, StringComparison.Ordinal));
        Assert.Contains(current.Goals, goal => goal.ProgressPercent is not null);
        var decision = Assert.Single(await ListDecisionsAsync(coordinator), d => d.Type == DecisionType.ApproveStrategy);
        Assert.Equal((decision.Id, (Guid?)current.Id), (current.ApprovalDecisionId!.Value, decision.StrategyVersionId));

        var versions = (await (await coordinator.GetAsync(ListStrategyVersionsRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<Page<StrategyVersionResponse>>()).Items;
        Assert.Equal(["1.0", "1.1"], versions.Select(v => v.Label));
        var next = versions[1];
        Assert.Equal((StrategyState.InConsultation, (Guid?)current.Id), (next.State, next.BasedOn));
        var comments = (await (await coordinator.GetAsync(ListStrategyCommentsRequest.BuildRoute(DemoSeeder.RegionSlug, next.Id))).ReadAsync<Page<StrategyCommentResponse>>()).Items;
        Assert.Equal(3, comments.Count);
        Assert.Equal(2, comments.Count(comment => comment.Disposition is null));
        var diff = await (await coordinator.GetAsync(DiffStrategyVersionsRequest.BuildRoute(DemoSeeder.RegionSlug, current.Id, next.Id))).ReadAsync<StrategyDiffResponse>();
        Assert.Single(diff.Values.Added);
        Assert.Single(diff.Goals.Added);
        Assert.Single(diff.Indicators.Changed);
    }

    [Fact]
    public async Task Seeded_projects_have_the_history_that_creating_and_funding_them_through_the_api_writes()
    {
        var coordinator = app.WithKey(await app.Service<DemoSeeder>().SeedAsync(CancellationToken.None));
        var region = await app.NewRegionAsync();
        var apiCoordinator = await region.CoordinatorAsync();
        var field = await Projects.ProjectApi.FieldOfActionAsync(apiCoordinator, region);
        var viaApi = await Projects.ProjectApi.CreateAsync(apiCoordinator, region,
            Projects.ProjectApi.NewProject("LP-01", field) with { EstimatedCost = 850_000m, Status = ProjectStatus.Proposed });
        var programme = "Gigabit-Förderung des Bundes";
        var added = await apiCoordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, viaApi.Id), new AddFundingSourceRequest
        {
            Programme = programme,
            FundingBody = "Bundesministerium für Digitales und Verkehr",
            Amount = 425_000m,
            Status = FundingStatus.Granted,
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var apiHistory = await HistoryAsync(apiCoordinator, region.Slug, viaApi.Id);

        var projects = (await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<ProjectResponse>>()).Items;
        var funded = projects.Where(project => project.Funding.Count > 0).ToList();
        Assert.NotEmpty(funded);
        foreach (var project in funded)
        {
            var history = await HistoryAsync(coordinator, DemoSeeder.RegionSlug, project.Id);
            Assert.True(history.Count >= 2, $"{project.Code} has a history of creation and funding.");
            Assert.Equal(apiHistory.Select(entry => (entry.Kind, entry.ChangedFields.Count)), history.Take(2).Select(entry => (entry.Kind, entry.ChangedFields.Count)));
            Assert.Equal(["funding"], history[1].ChangedFields);
            Assert.Equal($"{FundingRules.Added}: {project.Funding[0].Programme}", history[1].Reason);
        }

        Assert.Equal($"{FundingRules.Added}: {programme}", apiHistory[1].Reason);
    }

    private static async Task<List<ProjectHistoryEntryResponse>> HistoryAsync(HttpClient client, string slug, Guid id) =>
        (await (await client.GetAsync($"{ListProjectHistoryRequest.BuildRoute(slug, id)}?limit=200")).ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items.ToList();

    [Fact]
    public async Task The_demo_region_is_served_to_the_printed_key_and_seeding_twice_changes_nothing()
    {
        var seeder = app.Service<DemoSeeder>();

        var firstKey = await seeder.SeedAsync(CancellationToken.None);
        var secondKey = await seeder.SeedAsync(CancellationToken.None);

        var coordinator = app.WithKey(secondKey);
        var members = await (await coordinator.GetAsync($"{ListMembersRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<MemberResponse>>();
        var fields = await (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Equal(14, members.Items.Count);
        Assert.Single(members.Items, member => member.Kind == SmartRegion.Api.Domain.MemberKind.District && member.Ags == "05570000");
        Assert.Contains(members.Items, member => member.Ags == "05570004" && member.Name == "Ahlen");
        Assert.Equal(
            ["Digitale Infrastruktur", "Klimaschutz, Mobilität & Umwelt", "Familie, Bildung & Lebensqualität", "Verwaltung", "Wirtschaft & Arbeit", "Innenstadt & Dorfmitte"],
            fields.Items.Select(field => field.Name).ToArray());
        var projects = await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<ProjectResponse>>();
        Assert.Equal(24, projects.Items.Count);
        Assert.Equal(19, projects.Items.Count(project => project.Category == SmartRegion.Api.Domain.ProjectCategory.Lead));
        Assert.Equal(5, projects.Items.Count(project => project.Category == SmartRegion.Api.Domain.ProjectCategory.Potential));
        Assert.All(projects.Items, project => Assert.StartsWith("Beispiel:", project.Title, StringComparison.Ordinal));
        Assert.Equal(6, projects.Items.Select(project => project.FieldOfActionId).Distinct().Count());
        Assert.True(projects.Items.Select(project => project.Status).Distinct().Count() >= 5, "The examples are in different states.");
        Assert.Equal(
            [ProjectStatus.Draft, ProjectStatus.Proposed, ProjectStatus.Adopted, ProjectStatus.InImplementation, ProjectStatus.OnHold, ProjectStatus.Completed],
            projects.Items.Select(project => project.Status).Distinct().Order().ToArray());
        Assert.Contains(projects.Items, project => project.GrantedFunding > 0 && project.OwnCost < project.EstimatedCost);

        var matrix = await (await coordinator.GetAsync(GetParticipationMatrixRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<ParticipationMatrixResponse>();
        Assert.Equal(14, matrix.Members.Count);
        Assert.Contains(matrix.Cells, cell => cell.State == SmartRegion.Api.Domain.ParticipationState.PendingCouncil);
        Assert.Contains(matrix.Cells, cell => cell.State == SmartRegion.Api.Domain.ParticipationState.Committed && cell.Role == SmartRegion.Api.Domain.ParticipationRole.Lead);
        var lp05 = projects.Items.Single(project => project.Code == "LP-05");
        var allocation = await (await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(DemoSeeder.RegionSlug, lp05.Id))).ReadAsync<CostAllocationResponse>();
        Assert.Equal(allocation.Total, allocation.Shares.Sum(share => share.Amount));
        Assert.Equal([60m, 40m], allocation.Shares.Select(share => share.Percent).ToArray());

        // Each run hands out a fresh key and retires the previous demo key.
        var old = await app.WithKey(firstKey).GetAsync(ListMembersRequest.BuildRoute(DemoSeeder.RegionSlug));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }

    [Fact]
    public async Task The_running_example_projects_carry_status_reports_one_red_and_one_overdue_and_seeding_twice_adds_none()
    {
        var seeder = app.Service<DemoSeeder>();
        await seeder.SeedAsync(CancellationToken.None);
        var coordinator = app.WithKey(await seeder.SeedAsync(CancellationToken.None));

        var projects = (await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<ProjectResponse>>()).Items;
        var running = projects.Where(project => project.Status == ProjectStatus.InImplementation).ToList();
        Assert.NotEmpty(running);
        Assert.All(running, project => Assert.NotNull(project.LatestStatus));
        Assert.Equal(["LP-04"], running.Where(project => project.LatestStatus!.TrafficLight == TrafficLight.Red).Select(project => project.Code));
        Assert.Equal(["LP-18"], running.Where(project => project.ReportOverdue).Select(project => project.Code));
        Assert.All(projects.Where(project => project.Status != ProjectStatus.InImplementation), project => Assert.False(project.ReportOverdue));

        var reports = (await (await coordinator.GetAsync($"{ListStatusReportsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<StatusReportResponse>>()).Items;
        Assert.Equal(5, reports.Count);
        Assert.All(reports, report => Assert.StartsWith("Beispiel:", report.Summary, StringComparison.Ordinal));
        var lp01 = running.Single(project => project.Code == "LP-01");
        Assert.Equal(2, reports.Count(report => report.ProjectId == lp01.Id));
    }
}
