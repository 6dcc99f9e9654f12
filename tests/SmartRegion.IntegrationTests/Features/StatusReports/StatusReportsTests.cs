using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.StatusReports;

[Collection(SqliteCollection.Name)]
public sealed class StatusReportsTestsOnSqlite(SqliteApp app) : StatusReportsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class StatusReportsTestsOnSqlServer(SqlServerApp app) : StatusReportsTests(app);

/// <summary>
/// Status reports (Sachstandsberichte): reported by the project's lead member or the coordinator, append-only with
/// corrections that supersede, and shown on every project as <c>latestStatus</c> and <c>reportOverdue</c>.
/// </summary>
public abstract class StatusReportsTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";

    private readonly SmartRegionApp app;

    protected StatusReportsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    private static DateOnly Today => CouncilTime.Today(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_lead_member_reports_and_every_role_reads_it_as_the_projects_latest_status()
    {
        var (region, _, project) = await ArrangeAsync();
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var reader = await region.ReaderAsync();

        var response = await ahlen.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, project.Id), Report(TrafficLight.Yellow, 40, Today.AddDays(-1)) with
        {
            Summary = "Beispiel: Tiefbau in der Straße „Am Markt“ zu 40 % fertig.",
            Milestones = [new MilestoneInput { Name = "Ausschreibung", DueDate = new DateOnly(2025, 3, 31), Done = true }],
        });

        var created = await response.ReadAsync<StatusReportResponse>(HttpStatusCode.Created);
        Assert.Equal(
            (project.Id, Today.AddDays(-1), TrafficLight.Yellow, 40, "Beispiel: Tiefbau in der Straße „Am Markt“ zu 40 % fertig.", (Guid?)null, (Guid?)null),
            (created.ProjectId, created.ReportingDate, created.TrafficLight, created.ProgressPercent, created.Summary, created.Supersedes, created.SupersededBy));
        Assert.Equal([new MilestoneResponse("Ausschreibung", new DateOnly(2025, 3, 31), true)], created.Milestones);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(GetStatusReportRequest.BuildRoute(region.Slug, project.Id, created.Id), response.Headers.Location?.OriginalString);
        AssertSame(created, await (await reader.GetAsync(GetStatusReportRequest.BuildRoute(region.Slug, project.Id, created.Id))).ReadAsync<StatusReportResponse>());
        AssertSame(created, Assert.Single(await ListProjectAsync(reader, region, project.Id)));

        var after = await GetProjectAsync(reader, region, project.Id);
        Assert.Equal(new LatestStatusResponse(created.Id, TrafficLight.Yellow, 40, Today.AddDays(-1)), after.LatestStatus);
        Assert.False(after.ReportOverdue);
        // The report is a change of the project: a client holding the old ETag sees that something changed.
        Assert.Equal(project.Version + 1, after.Version);
        var listed = Assert.Single((await (await reader.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>()).Items);
        Assert.Equal(after.LatestStatus, listed.LatestStatus);
    }

    [Fact]
    public async Task A_member_that_is_not_the_lead_and_a_reader_cannot_report_and_nothing_is_stored()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var beckum = await region.MemberAsync(region.Ags(Beckum));
        var reader = await region.ReaderAsync();
        var route = CreateStatusReportRequest.BuildRoute(region.Slug, project.Id);

        await (await beckum.PostJsonAsync(route, Report(TrafficLight.Green, 10, Today))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PostJsonAsync(route, Report(TrafficLight.Green, 10, Today))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        Assert.Empty(await ListProjectAsync(coordinator, region, project.Id));
        var after = await GetProjectAsync(coordinator, region, project.Id);
        Assert.Null(after.LatestStatus);
        Assert.Equal(project.Version, after.Version);
    }

    [Fact]
    public async Task A_correction_supersedes_a_report_that_stays_readable_and_cannot_be_superseded_twice()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = CreateStatusReportRequest.BuildRoute(region.Slug, project.Id);
        var wrong = await (await coordinator.PostJsonAsync(route, Report(TrafficLight.Red, 20, Today))).ReadAsync<StatusReportResponse>(HttpStatusCode.Created);

        var correction = await (await coordinator.PostJsonAsync(route, Report(TrafficLight.Green, 25, Today) with { Supersedes = wrong.Id }))
            .ReadAsync<StatusReportResponse>(HttpStatusCode.Created);
        var again = await coordinator.PostJsonAsync(route, Report(TrafficLight.Yellow, 30, Today) with { Supersedes = wrong.Id });
        var unknown = await coordinator.PostJsonAsync(route, Report(TrafficLight.Yellow, 30, Today) with { Supersedes = Guid.CreateVersion7() });

        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, StatusReporting.SupersedesInvalidType);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.Conflict, StatusReporting.SupersedesInvalidType);
        var old = await (await coordinator.GetAsync(GetStatusReportRequest.BuildRoute(region.Slug, project.Id, wrong.Id))).ReadAsync<StatusReportResponse>();
        AssertSame(wrong with { SupersededBy = correction.Id, Version = 2 }, old);
        var unchanged = new HttpRequestMessage(HttpMethod.Get, GetStatusReportRequest.BuildRoute(region.Slug, project.Id, wrong.Id));
        unchanged.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.SendAsync(unchanged)).StatusCode);
        Assert.Equal(wrong.Id, correction.Supersedes);
        Assert.Equal([correction.Id, wrong.Id], (await ListProjectAsync(coordinator, region, project.Id)).Select(report => report.Id));
        var latest = (await GetProjectAsync(coordinator, region, project.Id)).LatestStatus;
        Assert.Equal(new LatestStatusResponse(correction.Id, TrafficLight.Green, 25, Today), latest);
    }

    [Fact]
    public async Task A_future_date_or_a_progress_outside_0_to_100_is_400_and_a_draft_refuses_reports_with_409()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var draft = await new ProjectBuilder(region).BuildAsync();
        var route = CreateStatusReportRequest.BuildRoute(region.Slug, project.Id);

        // Two days ahead is in the future in every time zone.
        var future = await coordinator.PostJsonAsync(route, Report(TrafficLight.Green, 10, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2)));
        var tooFar = await coordinator.PostJsonAsync(route, Report(TrafficLight.Green, 101, Today));
        var onDraft = await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, draft.Id), Report(TrafficLight.Green, 10, Today));

        Assert.Contains("reportingDate", (await future.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("progressPercent", (await tooFar.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await onDraft.ShouldBeProblemAsync(HttpStatusCode.Conflict, StatusReporting.NotReportableType);
        Assert.Empty(await ListProjectAsync(coordinator, region, project.Id));
        Assert.Empty(await ListProjectAsync(coordinator, region, draft.Id));
    }

    [Fact]
    public async Task A_project_in_implementation_without_a_report_within_the_regions_interval_is_overdue()
    {
        var (region, coordinator, running) = await ArrangeAsync();
        var adopted = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
        Assert.True((await GetProjectAsync(coordinator, region, running.Id)).ReportOverdue);
        Assert.False((await GetProjectAsync(coordinator, region, adopted.Id)).ReportOverdue);

        await (await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, running.Id), Report(TrafficLight.Green, 10, Today.AddDays(-100))))
            .ReadAsync<StatusReportResponse>(HttpStatusCode.Created);
        Assert.True((await GetProjectAsync(coordinator, region, running.Id)).ReportOverdue);

        var regionRoute = UpdateRegionRequest.BuildRoute(region.Slug);
        var current = await coordinator.GetAsync(regionRoute);
        var updated = await (await coordinator.PutJsonAsync(regionRoute, new UpdateRegionRequest { Name = region.Region.Name, ReportingIntervalDays = 120 }, current.ETag()))
            .ReadAsync<RegionResponse>();
        Assert.Equal(120, updated.ReportingIntervalDays);
        Assert.False((await GetProjectAsync(coordinator, region, running.Id)).ReportOverdue);

        await (await coordinator.PutJsonAsync(regionRoute, new UpdateRegionRequest { Name = region.Region.Name, ReportingIntervalDays = 90 }, updated.ETag()))
            .ReadAsync<RegionResponse>();
        var page = (await (await coordinator.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>()).Items;
        Assert.Equal([(running.Id, true), (adopted.Id, false)], page.Select(project => (project.Id, project.ReportOverdue)).OrderBy(p => p.Id != running.Id));
    }

    [Fact]
    public async Task The_region_wide_list_filters_by_date_and_traffic_light_and_another_region_gets_404()
    {
        var (region, coordinator, first) = await ArrangeAsync();
        var second = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var old = await PostAsync(coordinator, region, first.Id, Report(TrafficLight.Red, 10, Today.AddDays(-30)));
        var red = await PostAsync(coordinator, region, second.Id, Report(TrafficLight.Red, 50, Today.AddDays(-2)));
        var green = await PostAsync(coordinator, region, first.Id, Report(TrafficLight.Green, 20, Today.AddDays(-1)));
        var other = await app.NewRegionAsync();

        Assert.Equal([green.Id, red.Id, old.Id], (await ListRegionAsync(coordinator, region, string.Empty)).Select(report => report.Id));
        Assert.Equal([red.Id, old.Id], (await ListRegionAsync(coordinator, region, "?trafficLight=red")).Select(report => report.Id));
        Assert.Equal([red.Id], (await ListRegionAsync(coordinator, region, $"?trafficLight=red&since={Today.AddDays(-7):yyyy-MM-dd}")).Select(report => report.Id));
        var firstPage = await coordinator.GetAsync(ListStatusReportsRequest.BuildRoute(region.Slug) + "?limit=2");
        var page = await firstPage.ReadAsync<Page<StatusReportResponse>>();
        Assert.Equal([green.Id, red.Id], page.Items.Select(report => report.Id));
        var rest = await (await coordinator.GetAsync(ListStatusReportsRequest.BuildRoute(region.Slug) + "?limit=2&cursor=" + page.NextCursor)).ReadAsync<Page<StatusReportResponse>>();
        Assert.Equal([old.Id], rest.Items.Select(report => report.Id));
        Assert.Null(rest.NextCursor);

        var stranger = await other.CoordinatorAsync();
        await (await stranger.GetAsync(ListStatusReportsRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, first.Id), Report(TrafficLight.Green, 1, Today)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(3, (await ListRegionAsync(coordinator, region, string.Empty)).Count);
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, ProjectResponse Project)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum");
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        return (region, coordinator, project);
    }

    /// <summary>Records compare lists by reference, so the milestones are compared item by item.</summary>
    private static void AssertSame(StatusReportResponse expected, StatusReportResponse actual)
    {
        Assert.Equal(expected with { Milestones = [] }, actual with { Milestones = [] });
        Assert.Equal(expected.Milestones, actual.Milestones);
    }

    private static CreateStatusReportRequest Report(TrafficLight light, int progress, DateOnly date) => new()
    {
        ReportingDate = date,
        TrafficLight = light,
        ProgressPercent = progress,
        Summary = "Beispiel: Sachstand",
        NextSteps = "Nächste Schritte",
        Risks = "Keine",
    };

    private static async Task<StatusReportResponse> PostAsync(HttpClient client, TestRegion region, Guid projectId, CreateStatusReportRequest body) =>
        await (await client.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, projectId), body)).ReadAsync<StatusReportResponse>(HttpStatusCode.Created);

    private static async Task<ProjectResponse> GetProjectAsync(HttpClient client, TestRegion region, Guid id) =>
        await (await client.GetAsync(GetProjectRequest.BuildRoute(region.Slug, id))).ReadAsync<ProjectResponse>();

    private static async Task<IReadOnlyList<StatusReportResponse>> ListProjectAsync(HttpClient client, TestRegion region, Guid projectId) =>
        (await (await client.GetAsync(ListProjectStatusReportsRequest.BuildRoute(region.Slug, projectId))).ReadAsync<Page<StatusReportResponse>>()).Items;

    private static async Task<IReadOnlyList<StatusReportResponse>> ListRegionAsync(HttpClient client, TestRegion region, string query) =>
        (await (await client.GetAsync(ListStatusReportsRequest.BuildRoute(region.Slug) + query)).ReadAsync<Page<StatusReportResponse>>()).Items;
}
