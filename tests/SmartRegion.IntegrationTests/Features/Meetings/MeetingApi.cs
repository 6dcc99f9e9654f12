using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;

namespace SmartRegion.IntegrationTests.Features.Meetings;

/// <summary>
/// Arranges Lenkungskreis meetings for tests through the API, as a client would. Every call asserts success, so a
/// broken arrangement fails where it happens:
/// <code>
/// await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
/// var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
/// var top = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", projectIds: [project.Id]);
/// meeting = await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region)[..13]);
/// </code>
/// </summary>
public static class MeetingApi
{
    /// <summary>
    /// The members of Kreis Warendorf (domain.md, demo data), district first, by Gemeinde part: in a test region they
    /// have its Kreis key (<see cref="AllAgs"/>), so <c>004</c> is Ahlen in every region.
    /// </summary>
    public static readonly (string Gemeinde, string Name)[] KreisWarendorf =
    [
        ("000", "Kreis Warendorf"), ("004", "Stadt Ahlen"), ("008", "Stadt Beckum"), ("012", "Gemeinde Beelen"),
        ("016", "Stadt Drensteinfurt"), ("020", "Stadt Ennigerloh"), ("024", "Gemeinde Everswinkel"), ("028", "Stadt Oelde"),
        ("032", "Gemeinde Ostbevern"), ("036", "Stadt Sassenberg"), ("040", "Stadt Sendenhorst"), ("044", "Stadt Telgte"),
        ("048", "Gemeinde Wadersloh"), ("052", "Stadt Warendorf"),
    ];

    /// <summary>The 14 AGS of <see cref="KreisWarendorf"/> in <paramref name="region"/>, in order.</summary>
    public static string[] AllAgs(TestRegion region) => KreisWarendorf.Select(member => region.Ags(member.Gemeinde)).ToArray();

    /// <summary>
    /// Creates the 14 members of Kreis Warendorf in a fresh region, with its Kreis key, so meetings planned afterwards
    /// have 14 seats.
    /// </summary>
    public static async Task CreateKreisWarendorfMembersAsync(HttpClient coordinator, TestRegion region)
    {
        foreach (var (gemeinde, name) in KreisWarendorf)
        {
            var kind = gemeinde == "000" ? MemberKind.District : MemberKind.Municipality;
            var response = await coordinator.PostJsonAsync(
                CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = region.Ags(gemeinde), Kind = kind, Name = name });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }

    /// <summary>The body the <c>CreateAsync</c> overload with a number sends; tests change single fields with <c>with</c>.</summary>
    public static CreateMeetingRequest NewMeeting(string number, DateTimeOffset? startsAt = null) => new()
    {
        Number = number,
        Title = $"Sitzung des Lenkungskreises {number}",
        StartsAt = startsAt ?? new DateTimeOffset(2025, 3, 28, 9, 30, 0, TimeSpan.Zero),
        EndsAt = (startsAt ?? new DateTimeOffset(2025, 3, 28, 9, 30, 0, TimeSpan.Zero)).AddHours(2),
        Location = "Kreishaus Warendorf, Sitzungssaal",
        InvitationDate = new DateOnly(2025, 3, 14),
    };

    /// <summary>Plans a meeting (asserts 201) and returns it with its seats.</summary>
    public static async Task<MeetingResponse> CreateAsync(HttpClient coordinator, string slug, string number, DateTimeOffset? startsAt = null) =>
        await CreateAsync(coordinator, slug, NewMeeting(number, startsAt));

    public static async Task<MeetingResponse> CreateAsync(HttpClient coordinator, string slug, CreateMeetingRequest body) =>
        await (await coordinator.PostJsonAsync(CreateMeetingRequest.BuildRoute(slug), body)).ReadAsync<MeetingResponse>(HttpStatusCode.Created);

    /// <summary>Reads the meeting (asserts 200).</summary>
    public static async Task<MeetingResponse> GetAsync(HttpClient client, string slug, Guid meetingId) =>
        await (await client.GetAsync(GetMeetingRequest.BuildRoute(slug, meetingId))).ReadAsync<MeetingResponse>();

    /// <summary>Appends an agenda item to a planned meeting (asserts 201).</summary>
    public static async Task<AgendaItemResponse> AddAgendaItemAsync(
        HttpClient coordinator, string slug, Guid meetingId, string number, string? title = null, bool isPublic = true, IEnumerable<Guid>? projectIds = null)
    {
        var response = await coordinator.PostJsonAsync(AddAgendaItemRequest.BuildRoute(slug, meetingId), new AddAgendaItemRequest
        {
            Number = number,
            Title = title ?? $"Beratung zu {number}",
            IsPublic = isPublic,
            ProjectIds = projectIds?.ToList(),
        });
        return await response.ReadAsync<AgendaItemResponse>(HttpStatusCode.Created);
    }

    /// <summary>Moves the meeting to another state with its current ETag (asserts 200).</summary>
    public static async Task<MeetingResponse> TransitionAsync(HttpClient coordinator, string slug, Guid meetingId, MeetingState to, string? reason = null)
    {
        var current = await GetAsync(coordinator, slug, meetingId);
        var response = await coordinator.SendJsonAsync(HttpMethod.Post, TransitionMeetingRequest.BuildRoute(slug, meetingId), new TransitionMeetingRequest { To = to, Reason = reason }, current.ETag());
        return await response.ReadAsync<MeetingResponse>();
    }

    /// <summary>
    /// Moves a planned meeting to <c>held</c> and records the attendance of every seat: the listed AGS present, the
    /// <paramref name="excused"/> ones excused, every other seat absent. Returns the meeting (asserts success).
    /// </summary>
    public static async Task<MeetingResponse> HoldAsync(HttpClient coordinator, string slug, Guid meetingId, string[] present, string[]? excused = null)
    {
        var held = await TransitionAsync(coordinator, slug, meetingId, MeetingState.Held);
        var entries = held.Attendance.Select(seat => new AttendanceEntryInput
        {
            Ags = seat.Ags,
            Status = present.Contains(seat.Ags) ? AttendanceStatus.Present
                : excused?.Contains(seat.Ags) == true ? AttendanceStatus.Excused
                : AttendanceStatus.Absent,
        }).ToList();
        var response = await coordinator.PutJsonAsync(RecordAttendanceRequest.BuildRoute(slug, meetingId), new RecordAttendanceRequest { Entries = entries }, held.ETag());
        return await response.ReadAsync<MeetingResponse>();
    }

    /// <summary>Closes a held meeting whose attendance is complete (asserts 200).</summary>
    public static Task<MeetingResponse> CloseAsync(HttpClient coordinator, string slug, Guid meetingId) =>
        TransitionAsync(coordinator, slug, meetingId, MeetingState.Closed);

    /// <summary>Cancels a planned meeting (asserts 200).</summary>
    public static Task<MeetingResponse> CancelAsync(HttpClient coordinator, string slug, Guid meetingId) =>
        TransitionAsync(coordinator, slug, meetingId, MeetingState.Cancelled);
}
