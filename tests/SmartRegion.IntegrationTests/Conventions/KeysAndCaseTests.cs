using System.Globalization;
using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class KeysAndCaseTestsOnSqlite(SqliteApp app) : KeysAndCaseTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class KeysAndCaseTestsOnSqlServer(SqlServerApp app) : KeysAndCaseTests(app);

/// <summary>
/// Keys compare and sort alike on every engine (README "Keys and case"): numbers and references ignore the case of
/// ASCII letters and nothing else, names fold case but never equate ß with ss, idempotency keys are exact, and lists
/// are in binary (ordinal) order of their key. On SQL Server these fail under a default, case-insensitive collation.
/// </summary>
public abstract class KeysAndCaseTests
{
    private readonly SmartRegionApp app;

    protected KeysAndCaseTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Meeting_numbers_that_differ_only_in_case_collide_but_sharp_s_and_ss_do_not()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var first = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");

        var lowerCase = await coordinator.PostJsonAsync(CreateMeetingRequest.BuildRoute(region.Slug), MeetingApi.NewMeeting("lk 2025/1"));
        await lowerCase.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        await MeetingApi.CreateAsync(coordinator, region.Slug, "Straße 1");
        await MeetingApi.CreateAsync(coordinator, region.Slug, "Strasse 1");

        // Renaming to another case of its own number is no collision; renaming to another meeting's number is.
        var second = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2");
        var renamed = await coordinator.PutJsonAsync(
            UpdateMeetingRequest.BuildRoute(region.Slug, first.Id), Update(MeetingApi.NewMeeting("Lk 2025/1")), first.ETag());
        Assert.Equal("Lk 2025/1", (await renamed.ReadAsync<MeetingResponse>()).Number);
        var taken = await coordinator.PutJsonAsync(
            UpdateMeetingRequest.BuildRoute(region.Slug, second.Id), Update(MeetingApi.NewMeeting("lK 2025/1")), second.ETag());
        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal("LK 2025/2", (await MeetingApi.GetAsync(coordinator, region.Slug, second.Id)).Number);
    }

    [Fact]
    public async Task Agenda_numbers_that_differ_only_in_case_collide_within_a_meeting()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1a");

        var lowerCase = await coordinator.PostJsonAsync(
            AddAgendaItemRequest.BuildRoute(region.Slug, meeting.Id), new AddAgendaItemRequest { Number = "top 1A", Title = "Noch einmal" });

        await lowerCase.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Single((await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id)).AgendaItems);
    }

    [Fact]
    public async Task Decision_references_that_differ_only_in_case_collide_across_circulations()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.KreisKey + "004", "Stadt Ahlen");
        var opened = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Circulation("UV 2025/1"));
        await opened.ReadAsync<CirculationResponse>(HttpStatusCode.Created);

        var lowerCase = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Circulation("uv 2025/1"));

        await lowerCase.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        var sharpS = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Circulation("Straße 1"));
        var doubleS = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Circulation("Strasse 1"));
        await sharpS.ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        await doubleS.ReadAsync<CirculationResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Theme_names_fold_case_but_sharp_s_and_ss_are_two_names()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var route = CreateThemeRequest.BuildRoute(region.Slug);
        await (await coordinator.PostJsonAsync(route, new CreateThemeRequest { Name = "Straße" })).ReadAsync<ThemeResponse>(HttpStatusCode.Created);

        var doubleS = await coordinator.PostJsonAsync(route, new CreateThemeRequest { Name = "Strasse" });
        var upperCase = await coordinator.PostJsonAsync(route, new CreateThemeRequest { Name = "STRASSE" });

        await doubleS.ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        await upperCase.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
    }

    [Fact]
    public async Task Idempotency_keys_are_exact_so_keys_that_differ_in_case_are_two_requests()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var route = CreateThemeRequest.BuildRoute(region.Slug);
        var key = "Key-" + Guid.NewGuid().ToString("N");

        var first = await coordinator.PostJsonAsync(route, new CreateThemeRequest { Name = "Daten" }, key.ToLowerInvariant());
        var second = await coordinator.PostJsonAsync(route, new CreateThemeRequest { Name = "Beteiligung" }, key.ToUpperInvariant());

        await first.ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        Assert.Equal("Beteiligung", (await second.ReadAsync<ThemeResponse>(HttpStatusCode.Created)).Name);
        Assert.False(second.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task Projects_themes_and_participations_are_listed_in_binary_order_of_their_key()
    {
        // A case-insensitive Windows collation sorts these differently: it skips hyphens ("LP1" before "LP-2") and
        // places "ö" next to "o" ("öl" before "oz"); byte order of the keys puts '-' before digits and "ö" after "z"
        // (theme names sort by their folded, lower-case key, so "Zebra" sorts as "zebra").
        string[] codes = ["LP1", "LP-2", "LP-10", "LP10A", "LPA"];
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ahlen = region.KreisKey + "004";
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ahlen, "Stadt Ahlen");
        var projects = new Dictionary<Guid, string>();
        foreach (var code in codes)
        {
            var project = await new ProjectBuilder(region).WithCode(code).InStatus(ProjectStatus.Proposed).BuildAsync();
            projects[project.Id] = project.Code;
            await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, ahlen, ParticipationRole.Partner);
        }

        string[] themes = ["oz", "Öl", "a-c", "ab", "Zebra"];
        foreach (var theme in themes)
        {
            await (await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = theme }))
                .ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        }

        var binaryCodes = codes.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["LP-10", "LP-2", "LP1", "LP10A", "LPA"], binaryCodes);
        Assert.Equal(binaryCodes, await AllPagesAsync<ProjectResponse>(coordinator, ListProjectsRequest.BuildRoute(region.Slug), p => p.Code));
        Assert.Equal(
            binaryCodes,
            await AllPagesAsync<ParticipationResponse>(coordinator, ListMemberParticipationsRequest.BuildRoute(region.Slug, ahlen), p => projects[p.ProjectId]));
        var matrix = await (await coordinator.GetAsync(GetParticipationMatrixRequest.BuildRoute(region.Slug))).ReadAsync<ParticipationMatrixResponse>();
        Assert.Equal(binaryCodes, matrix.Projects.Select(p => p.Code));
        Assert.Equal(binaryCodes, matrix.Cells.Select(c => projects[c.ProjectId]));
        Assert.Equal(
            ["a-c", "ab", "oz", "Zebra", "Öl"],
            await AllPagesAsync<ThemeResponse>(coordinator, ListThemesRequest.BuildRoute(region.Slug), t => t.Name));
    }

    private static UpdateMeetingRequest Update(CreateMeetingRequest body) => new()
    {
        Number = body.Number,
        Title = body.Title,
        StartsAt = body.StartsAt,
        EndsAt = body.EndsAt,
        Location = body.Location,
        InvitationDate = body.InvitationDate,
    };

    private static OpenCirculationRequest Circulation(string reference) => new()
    {
        Reference = reference,
        Title = $"Umlaufbeschluss {reference}",
        Text = "Die Mitglieder stimmen im Umlaufverfahren ab.",
        Type = DecisionType.General,
        Deadline = DateTimeOffset.UtcNow.AddDays(7),
    };

    /// <summary>Every page with <c>limit=2</c>, so that the keyset cursor is crossed several times.</summary>
    private static async Task<List<string>> AllPagesAsync<T>(HttpClient client, string route, Func<T, string> key)
    {
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? $"{route}?limit=2" : $"{route}?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            var page = await (await client.GetAsync(url)).ReadAsync<Page<T>>();
            keys.AddRange(page.Items.Select(key));
            cursor = page.NextCursor;
        }
        while (cursor is not null && keys.Count < 100);

        return keys;
    }
}
