using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.OParl;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.OParl;

[Collection(SqliteCollection.Name)]
public sealed class OParlTestsOnSqlite(SqliteApp app) : OParlTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class OParlTestsOnSqlServer(SqlServerApp app) : OParlTests(app);

/// <summary>
/// The OParl 1.1 view: every object type it emits is valid against the OParl schemas, ids are absolute stable URLs,
/// lists page with OParl's links and filters, removed agenda items answer <c>deleted: true</c>, and anonymous
/// callers of a public region see the public subset only.
/// </summary>
public abstract class OParlTests
{
    private const string Host = "http://localhost";

    private readonly SmartRegionApp app;

    protected OParlTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Every_object_type_the_view_emits_is_valid_against_the_OParl_schemas()
    {
        var (region, _, arranged) = await ArrangeAsync();
        var reader = await region.ReaderAsync();
        var body = $"{Host}/oparl/v1/bodies/{region.Slug}";

        var system = await GetJsonAsync(reader, "/oparl/v1/system");
        OParlSchemas.AssertValid("System", system);
        Assert.Equal($"{Host}/oparl/v1/bodies", (string?)system["body"]);

        var bodies = await GetJsonAsync(reader, (string)system["body"]!);
        OParlSchemas.AssertValidList("Body", bodies);
        var bodyObject = Assert.Single(bodies["data"]!.AsArray())!;
        Assert.Equal(body, (string?)bodyObject["id"]);
        Assert.Equal(region.District, (string?)bodyObject["ags"]);
        Assert.Equal(region.KreisKey + "0000000", (string?)bodyObject["rgs"]);
        OParlSchemas.AssertValid("Body", await GetJsonAsync(reader, body));

        var organizations = await GetJsonAsync(reader, (string)bodyObject["organization"]!);
        OParlSchemas.AssertValidList("Organization", organizations);
        var organizationIds = organizations["data"]!.AsArray().Select(o => (string?)o!["id"]).ToList();
        Assert.Equal([$"{body}/organizations/lenkungskreis", .. MeetingApi.AllAgs(region).Select(ags => $"{body}/organizations/{ags}")], organizationIds);
        var ahlen = await GetJsonAsync(reader, $"{body}/organizations/{region.Ags("004")}");
        OParlSchemas.AssertValid("Organization", ahlen);
        Assert.Equal(("Stadt Ahlen", "Kommune"), ((string?)ahlen["name"], (string?)ahlen["organizationType"]));
        OParlSchemas.AssertValid("Organization", await GetJsonAsync(reader, $"{body}/organizations/lenkungskreis"));
        OParlSchemas.AssertValidList("Person", await GetJsonAsync(reader, (string)bodyObject["person"]!));

        var meetings = await GetJsonAsync(reader, (string)bodyObject["meeting"]!);
        OParlSchemas.AssertValidList("Meeting", meetings);
        var meeting = await GetJsonAsync(reader, $"{body}/meetings/{arranged.Meeting.Id:D}");
        OParlSchemas.AssertValid("Meeting", meeting);
        Assert.Equal(["TOP 1", "TOP 3"], meeting["agendaItem"]!.AsArray().Select(item => (string?)item!["number"]));
        Assert.Null(meeting["participant"]);
        OParlSchemas.AssertValid("Location", await GetJsonAsync(reader, (string)meeting["location"]!["id"]!));
        var cancelled = await GetJsonAsync(reader, $"{body}/meetings/{arranged.Cancelled.Id:D}");
        OParlSchemas.AssertValid("Meeting", cancelled);
        Assert.True((bool?)cancelled["cancelled"]);

        var agendaItem = await GetJsonAsync(reader, $"{body}/agenda-items/{arranged.WithProject.Id:D}");
        OParlSchemas.AssertValid("AgendaItem", agendaItem);
        Assert.Equal($"{body}/papers/{arranged.WithProject.Id:D}/consultation", (string?)agendaItem["consultation"]);
        var removed = await GetJsonAsync(reader, $"{body}/agenda-items/{arranged.Removed.Id:D}");
        OParlSchemas.AssertValid("AgendaItem", removed);
        Assert.True((bool?)removed["deleted"]);

        var papers = await GetJsonAsync(reader, (string)bodyObject["paper"]!);
        OParlSchemas.AssertValidList("Paper", papers);
        Assert.Equal(
            new[] { arranged.WithProject.Id, arranged.Removed.Id, arranged.Circulation.Id }.Select(id => $"{body}/papers/{id:D}").Order(StringComparer.Ordinal),
            papers["data"]!.AsArray().Select(p => (string)p!["id"]!).Order(StringComparer.Ordinal));
        var paper = await GetJsonAsync(reader, $"{body}/papers/{arranged.WithProject.Id:D}");
        OParlSchemas.AssertValid("Paper", paper);
        Assert.Equal([arranged.Project.Code], paper["keyword"]!.AsArray().Select(k => (string?)k));
        var file = paper["auxiliaryFile"]!.AsArray().Single()!;
        Assert.Equal(ParticipationApi.SampleResolution(region.Ags("004")).Url, (string?)file["accessUrl"]);
        OParlSchemas.AssertValid("File", await GetJsonAsync(reader, (string)file["id"]!));
        var consultation = await GetJsonAsync(reader, $"{body}/papers/{arranged.WithProject.Id:D}/consultation");
        OParlSchemas.AssertValid("Consultation", consultation);
        Assert.Equal($"{body}/agenda-items/{arranged.WithProject.Id:D}", (string?)consultation["agendaItem"]);
        OParlSchemas.AssertValid("Paper", await GetJsonAsync(reader, $"{body}/papers/{arranged.Circulation.Id:D}"));
        var removedPaper = await GetJsonAsync(reader, $"{body}/papers/{arranged.Removed.Id:D}");
        OParlSchemas.AssertValid("Paper", removedPaper);
        Assert.True((bool?)removedPaper["deleted"]);
    }

    [Fact]
    public async Task A_paging_walk_with_modified_since_sees_every_meeting_once_forward_and_backward()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var created = new List<Guid>();
        for (var i = 1; i <= 7; i++)
        {
            created.Add((await MeetingApi.CreateAsync(coordinator, region.Slug, $"LK 2025/{i}", new DateTimeOffset(2025, 1, i, 9, 0, 0, TimeSpan.Zero))).Id);
        }

        var reader = await region.ReaderAsync();
        var url = $"{Host}{ListOParlMeetingsRequest.BuildRoute(region.Slug)}?modified_since={Uri.EscapeDataString(before.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))}&limit=3";
        var seen = new List<string>();
        var pages = 0;
        string? last = null;
        for (var next = url; next is not null && pages < 10; pages++)
        {
            var page = await GetJsonAsync(reader, next);
            OParlSchemas.AssertValidList("Meeting", page);
            Assert.Equal(7, (int?)page["pagination"]!["totalElements"]);
            seen.AddRange(page["data"]!.AsArray().Select(m => (string)m!["id"]!));
            last = (string?)page["links"]!["last"];
            Assert.Equal(pages == 0, page["links"]!["prev"] is null);
            next = (string?)page["links"]!["next"];
            // A meeting changed during the walk keeps its place: it is neither seen twice nor skipped.
            if (pages == 0)
            {
                var current = await MeetingApi.GetAsync(coordinator, region.Slug, created[0]);
                var update = new UpdateMeetingRequest { Number = current.Number, Title = current.Title + " (verschoben)", StartsAt = current.StartsAt, EndsAt = current.EndsAt };
                Assert.Equal(HttpStatusCode.OK, (await coordinator.PutJsonAsync(UpdateMeetingRequest.BuildRoute(region.Slug, current.Id), update, current.ETag())).StatusCode);
            }
        }

        Assert.Equal(3, pages);
        Assert.Equal(created.Select(id => $"{Host}/oparl/v1/bodies/{region.Slug}/meetings/{id:D}").Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        Assert.Equal(seen.Count, seen.Distinct().Count());

        var backward = new List<string>();
        pages = 0;
        for (var prev = last; prev is not null && pages < 10; pages++)
        {
            var page = await GetJsonAsync(reader, prev);
            backward.InsertRange(0, page["data"]!.AsArray().Select(m => (string)m!["id"]!));
            prev = (string?)page["links"]!["prev"];
        }

        Assert.Equal(seen, backward);
    }

    [Fact]
    public async Task Filters_select_by_creation_and_change_and_omit_internal_leaves_out_embedded_objects()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var old = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, old.Id, "TOP 1");
        await Task.Delay(20);
        var between = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        var recent = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2");
        var reader = await region.ReaderAsync();
        var route = ListOParlMeetingsRequest.BuildRoute(region.Slug);
        var stamp = Uri.EscapeDataString(between.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture));

        var since = await GetJsonAsync(reader, $"{route}?created_since={stamp}");
        var until = await GetJsonAsync(reader, $"{route}?created_until={stamp}&omit_internal=true");
        var modifiedUntil = await GetJsonAsync(reader, $"{route}?modified_until={stamp}");

        Assert.Equal([recent.Id], Ids(since));
        Assert.Equal([old.Id], Ids(until));
        Assert.Null(until["data"]![0]!["agendaItem"]);
        Assert.Single(modifiedUntil["data"]![0]!["agendaItem"]!.AsArray());
        Assert.Contains("omit_internal=true", (string)until["links"]!["first"]!, StringComparison.Ordinal);
        var invalid = await reader.GetAsync($"{route}?limit=0");
        await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Anonymous_callers_of_a_public_region_see_public_agenda_items_and_their_papers_only()
    {
        var (region, _, arranged) = await ArrangeAsync();
        var anonymous = app.Anonymous();
        var meetingRoute = $"/oparl/v1/bodies/{region.Slug}/meetings/{arranged.Meeting.Id:D}";

        await (await anonymous.GetAsync(meetingRoute)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);

        await region.SetPublicReadAsync(true);
        var meeting = await GetJsonAsync(anonymous, meetingRoute);
        OParlSchemas.AssertValid("Meeting", meeting);
        Assert.Equal(["TOP 1"], meeting["agendaItem"]!.AsArray().Select(item => (string?)item!["number"]));
        var papers = await GetJsonAsync(anonymous, ListOParlPapersRequest.BuildRoute(region.Slug));
        Assert.DoesNotContain(papers["data"]!.AsArray(), p => ((string)p!["id"]!).EndsWith(arranged.Circulation.Id.ToString("D"), StringComparison.Ordinal));
        await (await anonymous.GetAsync($"/oparl/v1/bodies/{region.Slug}/agenda-items/{arranged.Internal.Id:D}")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var reader = await region.ReaderAsync();
        var full = await GetJsonAsync(reader, meetingRoute);
        Assert.Equal(["TOP 1", "TOP 3"], full["agendaItem"]!.AsArray().Select(item => (string?)item!["number"]));
    }

    private static List<Guid> Ids(JsonNode list) =>
        list["data"]!.AsArray().Select(m => Guid.Parse(((string)m!["id"]!).Split('/')[^1])).ToList();

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    private sealed record Arranged(
        Api.Features.Projects.ProjectResponse Project, MeetingResponse Meeting, MeetingResponse Cancelled,
        AgendaItemResponse WithProject, AgendaItemResponse Internal, AgendaItemResponse Removed, CirculationResponse Circulation);

    /// <summary>
    /// A region with the 14 Warendorf members, a project Ahlen committed to with a linked council resolution, a
    /// meeting whose public TOP 1 names the project, TOP 2 (naming it too) removed, non-public TOP 3, a cancelled
    /// meeting and an open circulation.
    /// </summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, Arranged Arranged)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var project = await new ProjectBuilder(region).WithTitle("Beispiel: Digitale Bürgerdienste").BuildAsync();
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags("004"), ParticipationRole.Lead);
        var body = MeetingApi.NewMeeting("LK 2025/1") with { OnlineLink = "https://meet.example/lenkungskreis" };
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, body);
        var withProject = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", "Beschluss zum Beispielprojekt", projectIds: [project.Id]);
        var removed = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 2", projectIds: [project.Id]);
        var internalItem = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 3", "Personalangelegenheiten", isPublic: false);
        var deleted = await coordinator.DeleteAsync(DeleteAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, removed.Id), removed.ETag());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var cancelled = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2", new DateTimeOffset(2025, 5, 2, 9, 0, 0, TimeSpan.Zero));
        cancelled = await MeetingApi.CancelAsync(coordinator, region.Slug, cancelled.Id);
        var circulation = await (await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), new OpenCirculationRequest
        {
            Reference = "UV-2025/1",
            Title = "Umlaufbeschluss zum Beispielprojekt",
            Text = "Die Mitglieder stimmen im Umlaufverfahren ab.",
            Type = DecisionType.General,
            Deadline = DateTimeOffset.UtcNow.AddDays(7),
        })).ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        return (region, coordinator, new Arranged(project, meeting, cancelled, withProject, internalItem, removed, circulation));
    }
}
