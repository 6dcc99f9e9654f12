using System.Net;
using System.Text.Json;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Dashboard;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Features.Themes;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Infrastructure.Contract;

namespace SmartRegion.IntegrationTests.Features.PublicRead;

[Collection(SqliteCollection.Name)]
public sealed class PublicReadTestsOnSqlite(SqliteApp app) : PublicReadTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class PublicReadTestsOnSqlServer(SqlServerApp app) : PublicReadTests(app);

/// <summary>
/// Anonymous reads of a region with <c>publicRead</c>: each public answer has exactly the documented fields (its own
/// schema, validated strictly, and the property set compared field by field) and never any contact, note, delegate or
/// non-public agenda item; within the region, non-public agenda items and their decisions are the coordinator's and
/// the members' only.
/// </summary>
public abstract class PublicReadTests
{
    private static readonly string[] RegionFields = ["createdAt", "districtSharePercent", "kreisKey", "name", "publicRead", "reportingIntervalDays", "slug", "updatedAt", "version", "vision"];
    private static readonly string[] PublicMemberFields = ["active", "ags", "createdAt", "deactivatedAt", "kind", "name", "population", "updatedAt", "version"];
    private static readonly string[] FieldOfActionFields = ["createdAt", "description", "id", "name", "position", "updatedAt", "version"];
    private static readonly string[] ThemeFields = ["createdAt", "description", "id", "name", "updatedAt", "version"];
    private static readonly string[] ProjectFields =
    [
        "category", "code", "costSharingKey", "createdAt", "description", "estimatedCost", "fieldOfActionId", "funding", "grantedFunding", "id",
        "latestStatus", "ownCost", "plannedEnd", "plannedStart", "proposedBy", "reportOverdue", "status", "summary", "themes", "title", "updatedAt", "version",
    ];
    private static readonly string[] PublicMeetingSummaryFields = ["createdAt", "endsAt", "id", "invitationDate", "location", "number", "startsAt", "state", "title", "updatedAt", "version"];
    private static readonly string[] PublicMeetingFields = [.. PublicMeetingSummaryFields.Append("agendaItems").Order(StringComparer.Ordinal)];
    private static readonly string[] AgendaItemFields = ["description", "id", "isPublic", "number", "position", "projectIds", "title", "version"];
    private static readonly string[] DecisionFields =
    [
        "abstain", "agendaItemId", "circulationId", "decidedAt", "id", "meetingId", "no", "present", "projectEffect", "projectId", "quorumPresent",
        "reference", "result", "seats", "strategyVersionId", "supersedes", "text", "title", "type", "version", "votes", "yes",
    ];
    private static readonly string[] PublicStatusReportFields = ["createdAt", "id", "progressPercent", "projectId", "reportingDate", "summary", "supersededBy", "supersedes", "trafficLight", "version"];
    private static readonly string[] PageFields = ["items", "nextCursor"];

    private readonly SmartRegionApp app;

    protected PublicReadTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Region_members_fields_of_action_themes_and_projects_read_anonymously_have_exactly_the_documented_fields_and_no_contact()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app);
        var slug = fixture.Slug;

        await ExpectOneAsync(GetRegionRequest.BuildRoute(slug), "RegionResponse", RegionFields);
        var members = await ExpectPageAsync(ListMembersRequest.BuildRoute(slug), "PublicMemberResponsePage", PublicMemberFields);
        Assert.Equal(fixture.Seats.Order(StringComparer.Ordinal), members.Select(m => m.GetProperty("ags").GetString()!));
        var district = await ExpectOneAsync(GetMemberRequest.BuildRoute(slug, fixture.Region.District), "PublicMemberResponse", PublicMemberFields);
        Assert.Equal(280000, district.GetProperty("population").GetInt32());
        await ExpectPageAsync(ListFieldsOfActionRequest.BuildRoute(slug), "FieldOfActionResponsePage", FieldOfActionFields);
        await ExpectOneAsync(GetFieldOfActionRequest.BuildRoute(slug, fixture.FieldOfAction.Id), "FieldOfActionResponse", FieldOfActionFields);
        await ExpectPageAsync(ListThemesRequest.BuildRoute(slug), "ThemeResponsePage", ThemeFields);
        await ExpectOneAsync(GetThemeRequest.BuildRoute(slug, fixture.Theme.Id), "ThemeResponse", ThemeFields);
        var projects = await ExpectPageAsync(ListProjectsRequest.BuildRoute(slug), "ProjectResponsePage", ProjectFields);
        Assert.Equal(fixture.Project.Id, projects.Single().GetProperty("id").GetGuid());
        var project = await ExpectOneAsync(GetProjectRequest.BuildRoute(slug, fixture.Project.Id), "ProjectResponse", ProjectFields);
        Assert.Equal("yellow", project.GetProperty("latestStatus").GetProperty("trafficLight").GetString());

        // The same member with a credential still has its contact: the public answer is a view, nothing was removed.
        var reader = await fixture.Region.ReaderAsync();
        var full = await (await reader.GetAsync(GetMemberRequest.BuildRoute(slug, fixture.Region.District))).ReadAsync<MemberResponse>();
        Assert.Equal(PublicRegionFixture.MemberContactEmail, full.Contact?.Email);
    }

    [Fact]
    public async Task Public_meetings_show_their_public_agenda_items_only_without_attendance_online_link_or_minutes()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app);
        var slug = fixture.Slug;

        await ExpectPageAsync(ListMeetingsRequest.BuildRoute(slug), "PublicMeetingSummaryResponsePage", PublicMeetingSummaryFields);
        var meeting = await ExpectOneAsync(GetMeetingRequest.BuildRoute(slug, fixture.Meeting.Id), "PublicMeetingResponse", PublicMeetingFields);
        var items = meeting.GetProperty("agendaItems").EnumerateArray().ToList();
        Assert.Equal([fixture.PublicItem.Id], items.Select(item => item.GetProperty("id").GetGuid()));
        Assert.All(items, item => Assert.Equal(AgendaItemFields, Names(item)));
        Assert.True(items.Single().GetProperty("isPublic").GetBoolean());
        await ExpectOneAsync(GetAgendaItemRequest.BuildRoute(slug, fixture.Meeting.Id, fixture.PublicItem.Id), "AgendaItemResponse", AgendaItemFields);

        var nonPublic = await app.Anonymous().GetAsync(GetAgendaItemRequest.BuildRoute(slug, fixture.Meeting.Id, fixture.NonPublicItem.Id));

        await nonPublic.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_decisions_are_those_taken_on_public_agenda_items_or_by_circulation()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app);
        var slug = fixture.Slug;

        var listed = await ExpectPageAsync(ListDecisionsRequest.BuildRoute(slug), "DecisionResponsePage", DecisionFields);
        Assert.Equal(
            new[] { fixture.PublicDecision.Id, fixture.CirculationDecision.Id }.Order(),
            listed.Select(d => d.GetProperty("id").GetGuid()).Order());
        await ExpectOneAsync(GetDecisionRequest.BuildRoute(slug, fixture.PublicDecision.Id), "DecisionResponse", DecisionFields);
        await ExpectOneAsync(GetDecisionRequest.BuildRoute(slug, fixture.CirculationDecision.Id), "DecisionResponse", DecisionFields);
        var aboutProject = await ExpectPageAsync(ListProjectDecisionsRequest.BuildRoute(slug, fixture.Project.Id), "DecisionResponsePage", DecisionFields);
        Assert.Empty(aboutProject);

        var nonPublic = await app.Anonymous().GetAsync(GetDecisionRequest.BuildRoute(slug, fixture.NonPublicDecision.Id));

        await nonPublic.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var csv = await SendCsvAsync(app.Anonymous(), ListDecisionsRequest.BuildRoute(slug));
        Assert.Contains("LK-2025-1", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("LK-2025-2", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Public_status_reports_show_traffic_light_progress_and_summary_only()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app);
        var slug = fixture.Slug;

        var regionWide = await ExpectPageAsync(ListStatusReportsRequest.BuildRoute(slug), "PublicStatusReportResponsePage", PublicStatusReportFields);
        var ofProject = await ExpectPageAsync(ListProjectStatusReportsRequest.BuildRoute(slug, fixture.Project.Id), "PublicStatusReportResponsePage", PublicStatusReportFields);
        var one = await ExpectOneAsync(GetStatusReportRequest.BuildRoute(slug, fixture.Project.Id, fixture.Report.Id), "PublicStatusReportResponse", PublicStatusReportFields);

        Assert.Equal(fixture.Report.Id, regionWide.Single().GetProperty("id").GetGuid());
        Assert.Equal(fixture.Report.Id, ofProject.Single().GetProperty("id").GetGuid());
        Assert.Equal(("yellow", 40, "Der Ausbau laeuft."), (one.GetProperty("trafficLight").GetString(), one.GetProperty("progressPercent").GetInt32(), one.GetProperty("summary").GetString()));
    }

    [Fact]
    public async Task Within_the_region_non_public_agenda_items_and_their_decisions_are_for_the_coordinator_and_members_only()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app, publicRead: false);
        var slug = fixture.Slug;
        var insiders = new[] { await fixture.Region.CoordinatorAsync(), await fixture.Region.MemberAsync(fixture.Region.Ags("004")) };
        var outsiders = new[] { await fixture.Region.ReaderAsync(), app.Admin() };

        foreach (var insider in insiders)
        {
            Assert.Equal(2, (await MeetingApi.GetAsync(insider, slug, fixture.Meeting.Id)).AgendaItems.Count);
            await (await insider.GetAsync(GetAgendaItemRequest.BuildRoute(slug, fixture.Meeting.Id, fixture.NonPublicItem.Id))).ReadAsync<AgendaItemResponse>();
            await (await insider.GetAsync(GetDecisionRequest.BuildRoute(slug, fixture.NonPublicDecision.Id))).ReadAsync<DecisionResponse>();
            Assert.Equal(3, (await DecisionApi.ListAsync(insider, slug)).Count);
            var dashboard = await (await insider.GetAsync(GetDashboardRequest.BuildRoute(slug))).ReadAsync<DashboardResponse>();
            Assert.Contains(dashboard.LastDecisions, decision => decision.Id == fixture.NonPublicDecision.Id);
        }

        foreach (var outsider in outsiders)
        {
            var meeting = await MeetingApi.GetAsync(outsider, slug, fixture.Meeting.Id);
            Assert.Equal([fixture.PublicItem.Id], meeting.AgendaItems.Select(item => item.Id));
            await (await outsider.GetAsync(GetAgendaItemRequest.BuildRoute(slug, fixture.Meeting.Id, fixture.NonPublicItem.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            await (await outsider.GetAsync(GetDecisionRequest.BuildRoute(slug, fixture.NonPublicDecision.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            Assert.DoesNotContain(await DecisionApi.ListAsync(outsider, slug), decision => decision.Id == fixture.NonPublicDecision.Id);
            var aboutProject = await (await outsider.GetAsync(ListProjectDecisionsRequest.BuildRoute(slug, fixture.Project.Id))).ReadAsync<Api.Http.Page<DecisionResponse>>();
            Assert.Empty(aboutProject.Items);
            var dashboard = await (await outsider.GetAsync(GetDashboardRequest.BuildRoute(slug))).ReadAsync<DashboardResponse>();
            Assert.DoesNotContain(dashboard.LastDecisions, decision => decision.Id == fixture.NonPublicDecision.Id);
            Assert.Contains(dashboard.LastDecisions, decision => decision.Id == fixture.PublicDecision.Id);
        }
    }

    [Fact]
    public async Task Without_publicRead_anonymous_gets_401_and_some_resources_are_never_public()
    {
        var closed = await PublicRegionFixture.BuildAsync(app, publicRead: false);
        var open = await PublicRegionFixture.BuildAsync(app);
        var anonymous = app.Anonymous();

        foreach (var route in PublicRoutes(closed))
        {
            await (await anonymous.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        // Participations (contacts, notes), the committee (delegates), the change feed and the dashboard stay closed.
        string[] neverPublic =
        [
            ListProjectParticipationsRequest.BuildRoute(open.Slug, open.Project.Id),
            GetParticipationRequest.BuildRoute(open.Slug, open.Project.Id, open.Region.Ags("004")),
            GetCommitteeRequest.BuildRoute(open.Slug),
            ListChangesRequest.BuildRoute(open.Slug),
            GetDashboardRequest.BuildRoute(open.Slug),
        ];
        foreach (var route in neverPublic)
        {
            await (await anonymous.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        }

        // Every public answer of the open region, read whole: no personal or internal text anywhere.
        foreach (var route in PublicRoutes(open))
        {
            var body = await (await anonymous.GetAsync(route)).Content.ReadAsStringAsync();
            Assert.All(PublicRegionFixture.NeverPublic, text => Assert.DoesNotContain(text, body, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Public_lists_page_with_a_cursor()
    {
        var fixture = await PublicRegionFixture.BuildAsync(app);
        var anonymous = app.Anonymous();

        var first = await (await anonymous.GetAsync(ListMembersRequest.BuildRoute(fixture.Slug) + "?limit=2")).ReadAsync<Api.Http.Page<PublicMemberResponse>>();
        var second = await (await anonymous.GetAsync(ListMembersRequest.BuildRoute(fixture.Slug) + "?limit=2&cursor=" + Uri.EscapeDataString(first.NextCursor!)))
            .ReadAsync<Api.Http.Page<PublicMemberResponse>>();

        Assert.Equal(fixture.Seats.Order(StringComparer.Ordinal), first.Items.Concat(second.Items).Select(member => member.Ags));
        Assert.Null(second.NextCursor);
    }

    private static IEnumerable<string> PublicRoutes(PublicRegionFixture f) =>
    [
        GetRegionRequest.BuildRoute(f.Slug),
        ListMembersRequest.BuildRoute(f.Slug),
        GetMemberRequest.BuildRoute(f.Slug, f.Region.District),
        ListFieldsOfActionRequest.BuildRoute(f.Slug),
        GetFieldOfActionRequest.BuildRoute(f.Slug, f.FieldOfAction.Id),
        ListThemesRequest.BuildRoute(f.Slug),
        GetThemeRequest.BuildRoute(f.Slug, f.Theme.Id),
        ListProjectsRequest.BuildRoute(f.Slug),
        GetProjectRequest.BuildRoute(f.Slug, f.Project.Id),
        ListMeetingsRequest.BuildRoute(f.Slug),
        GetMeetingRequest.BuildRoute(f.Slug, f.Meeting.Id),
        GetAgendaItemRequest.BuildRoute(f.Slug, f.Meeting.Id, f.PublicItem.Id),
        ListDecisionsRequest.BuildRoute(f.Slug),
        GetDecisionRequest.BuildRoute(f.Slug, f.PublicDecision.Id),
        ListProjectDecisionsRequest.BuildRoute(f.Slug, f.Project.Id),
        ListStatusReportsRequest.BuildRoute(f.Slug),
        ListProjectStatusReportsRequest.BuildRoute(f.Slug, f.Project.Id),
        GetStatusReportRequest.BuildRoute(f.Slug, f.Project.Id, f.Report.Id),
    ];

    /// <summary>An anonymous single read: 200, strictly the public schema, exactly these fields, nothing never public.</summary>
    private async Task<JsonElement> ExpectOneAsync(string route, string component, string[] fields)
    {
        var body = await PublicBodyAsync(route, component);
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(fields, Names(root));
        return root;
    }

    /// <summary>An anonymous page: 200, strictly the public page schema, each item exactly these fields.</summary>
    private async Task<IReadOnlyList<JsonElement>> ExpectPageAsync(string route, string component, string[] fields)
    {
        var body = await PublicBodyAsync(route, component);
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(PageFields, Names(root));
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.Equal(fields, Names(item)));
        return items;
    }

    private async Task<string> PublicBodyAsync(string route, string component)
    {
        var response = await app.Anonymous().GetAsync(route);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{route}: {(int)response.StatusCode} {body}");
        Assert.Empty(OpenApiContract.Committed.ViolationsOfComponent(component, body));
        Assert.All(PublicRegionFixture.NeverPublic, text => Assert.DoesNotContain(text, body, StringComparison.OrdinalIgnoreCase));
        return body;
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    private static async Task<string> SendCsvAsync(HttpClient client, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
