using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Dashboard;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Dashboard;

[Collection(SqliteCollection.Name)]
public sealed class DashboardTestsOnSqlite(SqliteApp app) : DashboardTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class DashboardTestsOnSqlServer(SqlServerApp app) : DashboardTests(app);

/// <summary>
/// The dashboard in one request: its figures are exactly the sums of the individual resources read through their own
/// endpoints, it answers 304 while nothing changed, and another region cannot read it.
/// </summary>
public abstract class DashboardTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";

    private readonly SmartRegionApp app;

    protected DashboardTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    private static DateOnly Today => CouncilTime.Today(DateTimeOffset.UtcNow);

    [Fact]
    public async Task The_figures_equal_the_sums_of_the_projects_and_their_cost_allocations()
    {
        var (region, _, costed, red, overdue) = await ArrangeAsync();
        var reader = await region.ReaderAsync();

        var dashboard = await (await reader.GetAsync(GetDashboardRequest.BuildRoute(region.Slug))).ReadAsync<DashboardResponse>();

        var projects = (await (await reader.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>()).Items;
        Assert.Equal(projects.Count, dashboard.ProjectCounts.Sum(count => count.Count));
        foreach (var group in projects.GroupBy(p => (p.Status, p.Category, p.FieldOfActionId)))
        {
            Assert.Equal(group.Count(), Assert.Single(dashboard.ProjectCounts, c => (c.Status, c.Category, c.FieldOfActionId) == group.Key).Count);
        }

        Assert.Equal(projects.Sum(p => p.EstimatedCost ?? 0m), dashboard.EstimatedCost);
        Assert.Equal(projects.Sum(p => p.GrantedFunding), dashboard.GrantedFunding);
        Assert.Equal(projects.Sum(p => p.OwnCost ?? 0m), dashboard.OwnCost);
        Assert.Equal(150_000.00m, dashboard.EstimatedCost);
        Assert.Equal(30_000.00m, dashboard.GrantedFunding);

        var carried = new Dictionary<string, decimal>();
        foreach (var project in costed)
        {
            var allocation = await (await reader.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<CostAllocationResponse>();
            foreach (var share in allocation.Shares)
            {
                carried[share.Ags] = carried.GetValueOrDefault(share.Ags) + share.Amount;
            }
        }

        Assert.Equal(dashboard.OwnCost, carried.Values.Sum());
        foreach (var member in dashboard.Members)
        {
            Assert.Equal(carried.GetValueOrDefault(member.Ags), member.CostShare);
        }

        var ahlen = Assert.Single(dashboard.Members, m => m.Ags == region.Ags(Ahlen));
        Assert.Equal((2, 0), (ahlen.Committed, ahlen.Interested));
        var beelen = Assert.Single(dashboard.Members, m => m.Ags == region.Ags(Beelen));
        Assert.Equal((0, 1, 0m), (beelen.Committed, beelen.Interested, beelen.CostShare));

        Assert.Equal(new DashboardTrafficLights(0, 0, 1, projects.Count - 1), dashboard.TrafficLights);
        Assert.Equal([red.Id], dashboard.RedProjects.Select(p => p.Id));
        Assert.Equal(Today, Assert.Single(dashboard.RedProjects).LatestReportingDate);
        Assert.Equal(projects.Where(p => p.ReportOverdue).Select(p => p.Id), dashboard.OverdueProjects.Select(p => p.Id));
        Assert.Contains(overdue.Id, dashboard.OverdueProjects.Select(p => p.Id));
        Assert.Empty(dashboard.NextMeetings);
        Assert.Empty(dashboard.LastDecisions);
        Assert.Empty(dashboard.OpenCirculations);

        var elsewhere = await (await reader.GetAsync(GetDashboardRequest.BuildRoute(region.Slug) + "?fieldOfAction=" + Guid.CreateVersion7())).ReadAsync<DashboardResponse>();
        Assert.Empty(elsewhere.ProjectCounts);
        Assert.Equal(0m, elsewhere.OwnCost);
    }

    [Fact]
    public async Task The_ETag_answers_304_until_the_dashboard_changes_and_another_region_gets_404()
    {
        var (region, coordinator, costed, _, _) = await ArrangeAsync();
        var reader = await region.ReaderAsync();
        var route = GetDashboardRequest.BuildRoute(region.Slug);

        var first = await reader.GetAsync(route);
        var etag = first.ETag();
        var unchanged = await GetIfNoneMatchAsync(reader, route, etag);
        await AddFundingAsync(coordinator, region, costed[0].Id, 1_000.00m);
        var changed = await GetIfNoneMatchAsync(reader, route, etag);
        var other = await app.NewRegionAsync();
        var intoOtherRegion = await (await other.ReaderAsync()).GetAsync(route);

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.ETag());
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.ETag());
        Assert.Equal(31_000.00m, (await changed.ReadAsync<DashboardResponse>()).GrantedFunding);
        await intoOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        foreach (var client in new[] { coordinator, await region.MemberAsync(region.Ags(Beckum)), app.Admin() })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(route)).StatusCode);
        }
    }

    [Fact]
    public async Task The_next_meetings_are_the_five_soonest_planned_from_now_on()
    {
        var (region, coordinator, _, _, _) = await ArrangeAsync();
        var soon = DateTimeOffset.UtcNow.AddDays(1);
        var upcoming = new List<Guid>();
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        // Created latest first, so the order shown must come from the start times.
        for (var number = 6; number >= 1; number--)
        {
            upcoming.Insert(0, (await MeetingApi.CreateAsync(coordinator, region.Slug, $"LK 2099/{number}", soon.AddDays(number * 7))).Id);
        }

        var dashboard = await (await (await region.ReaderAsync()).GetAsync(GetDashboardRequest.BuildRoute(region.Slug))).ReadAsync<DashboardResponse>();

        Assert.Equal(upcoming.Take(5), dashboard.NextMeetings.Select(meeting => meeting.Id));
        Assert.Equal("LK 2099/1", dashboard.NextMeetings[0].Number);
    }

    /// <summary>
    /// Ahlen (52,000), Beckum (36,000) and Beelen (6,000); two costed projects (100,000 € with 30,000 € granted, split
    /// by population; 50,000 € split equally) that Ahlen and Beckum committed to, Beelen interested; a project in
    /// implementation with a red report and one without any report (overdue).
    /// </summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, IReadOnlyList<ProjectResponse> Costed, ProjectResponse Red, ProjectResponse Overdue)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen", 52_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum", 36_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beelen), "Gemeinde Beelen", 6_000);
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var first = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with
        {
            EstimatedCost = 100_000.00m,
            CostSharingKey = CostSharingKey.Population,
            Status = ProjectStatus.Proposed,
        });
        var second = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field) with
        {
            EstimatedCost = 50_000.00m,
            CostSharingKey = CostSharingKey.Equal,
            Status = ProjectStatus.Proposed,
        });
        await AddFundingAsync(coordinator, region, first.Id, 30_000.00m);
        foreach (var project in new[] { first, second })
        {
            await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
            await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        }

        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, second.Id, region.Ags(Beelen), ParticipationRole.Partner, ParticipationState.Interested);
        var red = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var report = await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, red.Id), new CreateStatusReportRequest
        {
            ReportingDate = Today,
            TrafficLight = TrafficLight.Red,
            ProgressPercent = 10,
            Summary = "Beispiel: Verzug bei der Ausschreibung",
        });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);
        var overdue = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        return (region, coordinator, [first, second], red, overdue);
    }

    private static async Task AddFundingAsync(HttpClient coordinator, TestRegion region, Guid projectId, decimal amount)
    {
        var response = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, projectId), new AddFundingSourceRequest
        {
            Programme = "Förderprogramm „Digitale Modellregionen“",
            FundingBody = "Land Nordrhein-Westfalen",
            Amount = amount,
            Status = FundingStatus.Granted,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string route, string? etag) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, route) { Headers = { { "If-None-Match", etag } } });
}
