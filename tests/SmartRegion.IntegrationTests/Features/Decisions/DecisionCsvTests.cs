using System.Net;
using System.Net.Http.Headers;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Decisions;

[Collection(SqliteCollection.Name)]
public sealed class DecisionCsvTestsOnSqlite(SqliteApp app) : DecisionCsvTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class DecisionCsvTestsOnSqlServer(SqlServerApp app) : DecisionCsvTests(app);

/// <summary>The decision list as CSV for German Excel (<c>Accept: text/csv</c>), with the JSON list's filters.</summary>
public abstract class DecisionCsvTests
{
    private readonly SmartRegionApp app;

    protected DecisionCsvTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Decisions_come_as_csv_with_their_figures_and_the_filters_of_the_list()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var first = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        var second = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 2");
        await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region)[..13]);
        var project = await new ProjectBuilder(region).WithCode("LP-01").InStatus(ProjectStatus.Proposed).BuildAsync();
        var present = MeetingApi.AllAgs(region)[..13];
        var adopted = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, first.Id,
            DecisionApi.Body("LK-2025/1-1", DecisionType.AdoptProject, project.Id, DecisionApi.Votes(present, yes: 10, no: 2)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, second.Id,
            DecisionApi.Body("LK-2025/1-2", DecisionType.General, null, DecisionApi.Votes(present, yes: 2, no: 10)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var all = await CsvLinesAsync(coordinator, ListDecisionsRequest.BuildRoute(region.Slug) + "?limit=1");
        var rejected = await CsvLinesAsync(coordinator, ListDecisionsRequest.BuildRoute(region.Slug) + "?result=rejected");

        Assert.Equal(
            "reference;title;type;result;decidedAt;seats;present;yes;no;abstain;quorumPresent;projectId;meetingId;circulationId;supersedes;id;text",
            all[0]);
        Assert.Equal(3, all.Count);
        Assert.StartsWith($"LK-2025/1-1;Beschluss LK-2025/1-1;adopt_project;adopted;", all[1], StringComparison.Ordinal);
        Assert.EndsWith($";14;13;10;2;1;true;{project.Id:D};{meeting.Id:D};;;{adopted.Id:D};Der Lenkungskreis beschließt „wie vorgeschlagen“.", all[1], StringComparison.Ordinal);
        Assert.Equal(["LK-2025/1-2"], rejected.Skip(1).Select(line => line.Split(';')[0]));
    }

    private static async Task<List<string>> CsvLinesAsync(HttpClient client, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        return System.Text.Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
