using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Committee;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Features.Themes;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.PublicRead;

/// <summary>
/// A region with something of every public resource and every kind of personal data: a member contact, a
/// participation contact and note, delegates, a recorded meeting delegate, a public and a non-public agenda item with
/// a decision each, a circulation decision and a status report with next steps, risks and milestones.
/// </summary>
public sealed record PublicRegionFixture(
    TestRegion Region,
    ProjectResponse Project,
    FieldOfActionResponse FieldOfAction,
    ThemeResponse Theme,
    MeetingResponse Meeting,
    AgendaItemResponse PublicItem,
    AgendaItemResponse NonPublicItem,
    DecisionResponse PublicDecision,
    DecisionResponse NonPublicDecision,
    DecisionResponse CirculationDecision,
    StatusReportResponse Report)
{
    public const string MemberContactName = "Maria Musterfrau";
    public const string MemberContactEmail = "maria.musterfrau@kreis-test.example";
    public const string MemberContactPhone = "02581 53-1234";
    public const string ParticipationContactName = "Jonas Beispielmann";
    public const string ParticipationContactEmail = "jonas.beispielmann@ahlen-test.example";
    public const string Note = "Interne Notiz: Budget noch offen";
    public const string SeatDelegates = "Buergermeisterin Erika Delegata; Vertretung: Paul Stellvertreter";
    public const string MeetingDelegate = "Dr. Paula Sitzungsvertreterin";
    public const string OnlineLink = "https://konferenz.example/lk-geheim";
    public const string Minutes = "Protokoll: TOP 2 (nicht oeffentlich) Haushaltsmittel 120.000 EUR";

    /// <summary>Every personal or internal text the fixture stores; none may appear in a public answer.</summary>
    public static readonly string[] NeverPublic =
    [
        MemberContactName, MemberContactEmail, MemberContactPhone, ParticipationContactName, ParticipationContactEmail, Note,
        "Erika Delegata", "Paul Stellvertreter", MeetingDelegate, OnlineLink, Minutes, NonPublicTitle, "LK-2025-2", "Risiko: Lieferzeiten", "Naechster Schritt: Ausschreibung",
    ];

    public const string NonPublicTitle = "Haushaltsmittel (nicht oeffentlich)";

    public string Slug => Region.Slug;

    public string[] Seats => [Region.District, Region.Ags("004"), Region.Ags("008")];

    public static async Task<PublicRegionFixture> BuildAsync(SmartRegionApp app, bool publicRead = true)
    {
        var region = await app.NewRegionAsync();
        var slug = region.Slug;
        var coordinator = await region.CoordinatorAsync();
        await Created(coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(slug), new CreateMemberRequest
        {
            Ags = region.District, Kind = MemberKind.District, Name = "Kreis Test", Population = 280000,
            Contact = new MemberContactInput { Name = MemberContactName, Email = MemberContactEmail, Phone = MemberContactPhone },
        }));
        await Created(coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(slug), new CreateMemberRequest { Ags = region.Ags("004"), Kind = MemberKind.Municipality, Name = "Stadt Ahlen" }));
        await Created(coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(slug), new CreateMemberRequest { Ags = region.Ags("008"), Kind = MemberKind.Municipality, Name = "Stadt Beckum" }));
        var field = await (await coordinator.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(slug), new CreateFieldOfActionRequest { Name = "Digitale Infrastruktur" }))
            .ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);
        var theme = await (await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(slug), new CreateThemeRequest { Name = "Daten" }))
            .ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        var project = await new ProjectBuilder(region).InFieldOfAction(field.Id).WithThemes(theme.Id).InStatus(ProjectStatus.InImplementation).BuildAsync();
        await Created(coordinator.PutJsonAsync(PutParticipationRequest.BuildRoute(slug, project.Id, region.Ags("004")), new PutParticipationRequest
        {
            Role = ParticipationRole.Lead,
            Contact = new ParticipationContactInput { Name = ParticipationContactName, Email = ParticipationContactEmail },
            Note = Note,
        }, ifMatch: null));
        await Created(coordinator.PutJsonAsync(PutDelegatesRequest.BuildRoute(slug, region.Ags("004")), new PutDelegatesRequest { Delegates = SeatDelegates }, ifMatch: null));
        var report = await (await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(slug, project.Id), new CreateStatusReportRequest
        {
            ReportingDate = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1),
            TrafficLight = TrafficLight.Yellow,
            ProgressPercent = 40,
            Summary = "Der Ausbau laeuft.",
            NextSteps = "Naechster Schritt: Ausschreibung",
            Risks = "Risiko: Lieferzeiten",
            Milestones = [new MilestoneInput { Name = "Planung", Done = true }],
        })).ReadAsync<StatusReportResponse>(HttpStatusCode.Created);

        var planned = await MeetingApi.CreateAsync(coordinator, slug, MeetingApi.NewMeeting("LK 2025/1") with { OnlineLink = OnlineLink });
        var publicItem = await MeetingApi.AddAgendaItemAsync(coordinator, slug, planned.Id, "TOP 1", "Bericht aus den Projekten", isPublic: true, [project.Id]);
        var nonPublicItem = await MeetingApi.AddAgendaItemAsync(coordinator, slug, planned.Id, "TOP 2", NonPublicTitle, isPublic: false, [project.Id]);
        var held = await MeetingApi.TransitionAsync(coordinator, slug, planned.Id, MeetingState.Held);
        var seats = new[] { region.District, region.Ags("004"), region.Ags("008") };
        var entries = seats.Select(ags => new AttendanceEntryInput
        {
            Ags = ags, Status = AttendanceStatus.Present, DelegateName = ags == region.Ags("008") ? MeetingDelegate : null,
        }).ToList();
        var attended = await (await coordinator.PutJsonAsync(RecordAttendanceRequest.BuildRoute(slug, planned.Id), new RecordAttendanceRequest { Entries = entries }, held.ETag()))
            .ReadAsync<MeetingResponse>();
        var withMinutes = await (await coordinator.PutJsonAsync(UpdateMinutesRequest.BuildRoute(slug, planned.Id), new UpdateMinutesRequest { Minutes = Minutes }, attended.ETag()))
            .ReadAsync<MeetingResponse>();
        var publicDecision = await (await DecisionApi.RecordAsync(coordinator, slug, planned.Id, publicItem.Id,
            DecisionApi.Body("LK-2025-1", DecisionType.General, null, DecisionApi.Votes(seats, 3, 0)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        var nonPublicDecision = await (await DecisionApi.RecordAsync(coordinator, slug, planned.Id, nonPublicItem.Id,
            DecisionApi.Body("LK-2025-2", DecisionType.General, null, DecisionApi.Votes(seats, 2, 1)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        var circulation = await (await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(slug), new OpenCirculationRequest
        {
            Reference = "UV-2025-1", Title = "Umlaufbeschluss", Text = "Die Mitglieder stimmen im Umlaufverfahren ab.", Type = DecisionType.General,
            Deadline = DateTimeOffset.UtcNow.AddDays(7).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond)),
        })).ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        var closed = await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(slug, circulation.Id), circulation.ETag())).ReadAsync<CirculationResponse>();
        var circulationDecision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(slug, closed.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        if (publicRead)
        {
            await region.SetPublicReadAsync(true);
        }

        var meeting = await MeetingApi.GetAsync(coordinator, slug, planned.Id);
        Assert.Equal(Minutes, withMinutes.Minutes);
        return new PublicRegionFixture(region, project, field, theme, meeting, publicItem, nonPublicItem, publicDecision, nonPublicDecision, circulationDecision, report);
    }

    private static async Task Created(Task<HttpResponseMessage> sending)
    {
        var response = await sending;
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
