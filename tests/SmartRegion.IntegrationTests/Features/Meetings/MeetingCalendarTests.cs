using System.Net;
using Ical.Net;
using Ical.Net.CalendarComponents;
using SmartRegion.Api.Features.Meetings;

namespace SmartRegion.IntegrationTests.Features.Meetings;

[Collection(SqliteCollection.Name)]
public sealed class MeetingCalendarTestsOnSqlite(SqliteApp app) : MeetingCalendarTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class MeetingCalendarTestsOnSqlServer(SqlServerApp app) : MeetingCalendarTests(app);

/// <summary>
/// The meeting calendar (<c>GET …/meetings.ics</c>), read back with Ical.Net as a calendar client would: Berlin times
/// across the switch to summer time, stable UIDs, growing SEQUENCE, cancelled meetings, the agenda, ETag/304.
/// </summary>
public abstract class MeetingCalendarTests
{
    private readonly SmartRegionApp app;

    protected MeetingCalendarTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Meetings_before_and_after_the_switch_to_summer_time_read_back_at_10_30_in_Berlin()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        // 30 March 2025, 02:00 CET → 03:00 CEST. 09:30Z is 10:30 in winter, 08:30Z is 10:30 in summer.
        var winter = await MeetingApi.CreateAsync(coordinator, region.Slug, MeetingApi.NewMeeting("LK 2025/1", new DateTimeOffset(2025, 3, 28, 9, 30, 0, TimeSpan.Zero)) with
        {
            OnlineLink = "https://meet.example/lenkungskreis",
        });
        var summer = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2", new DateTimeOffset(2025, 3, 31, 8, 30, 0, TimeSpan.Zero));
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, winter.Id, "TOP 1", "Digitale Bürgerdienste für „Ahlen“");

        var (calendar, _) = await ReadAsync(await region.ReaderAsync(), region.Slug);

        var berlin = Assert.Single(calendar.TimeZones);
        Assert.Equal("Europe/Berlin", berlin.TzId);
        var first = Event(calendar, winter.Id);
        var second = Event(calendar, summer.Id);
        Assert.Equal(("Europe/Berlin", new DateTime(2025, 3, 28, 10, 30, 0)), (first.Start!.TzId, first.Start.Value));
        Assert.Equal(("Europe/Berlin", new DateTime(2025, 3, 31, 10, 30, 0)), (second.Start!.TzId, second.Start.Value));
        Assert.Equal(new DateTime(2025, 3, 28, 9, 30, 0, DateTimeKind.Utc), first.Start.AsUtc);
        Assert.Equal(new DateTime(2025, 3, 31, 8, 30, 0, DateTimeKind.Utc), second.Start.AsUtc);
        Assert.Equal(new DateTime(2025, 3, 28, 11, 30, 0, DateTimeKind.Utc), first.End!.AsUtc);
        Assert.Equal("Kreishaus Warendorf, Sitzungssaal", first.Location);
        Assert.Equal(new Uri("https://meet.example/lenkungskreis"), first.Url);
        Assert.Contains("TOP 1 Digitale Bürgerdienste für „Ahlen“", first.Description, StringComparison.Ordinal);
        Assert.Contains("Online: https://meet.example/lenkungskreis", first.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_change_raises_the_sequence_under_the_same_uid_and_a_cancelled_meeting_says_so()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var reader = await region.ReaderAsync();
        var (before, etag) = await ReadAsync(reader, region.Slug);
        var planned = Event(before, meeting.Id);

        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        var cancelled = await MeetingApi.CancelAsync(coordinator, region.Slug, meeting.Id);
        var (after, newEtag) = await ReadAsync(reader, region.Slug);
        var changed = Event(after, meeting.Id);

        Assert.Equal(planned.Uid, changed.Uid);
        Assert.Equal(1, planned.Sequence);
        Assert.Equal(cancelled.Version, changed.Sequence);
        Assert.True(changed.Sequence > planned.Sequence);
        Assert.Equal("CONFIRMED", planned.Status);
        Assert.Equal("CANCELLED", changed.Status);
        Assert.NotEqual(etag, newEtag);
    }

    [Fact]
    public async Task The_same_calendar_again_is_304_and_anonymous_callers_need_a_public_region_and_see_public_items_only()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", "Öffentlicher Bericht");
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 2", "Vertrauliche Vergabe", isPublic: false);
        var reader = await region.ReaderAsync();
        var (full, etag) = await ReadAsync(reader, region.Slug);

        var again = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, GetMeetingCalendarRequest.BuildRoute(region.Slug)) { Headers = { { "If-None-Match", etag } } });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Contains("Vertrauliche Vergabe", Event(full, meeting.Id).Description, StringComparison.Ordinal);

        await (await app.Anonymous().GetAsync(GetMeetingCalendarRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await region.SetPublicReadAsync(true);
        var (open, _) = await ReadAsync(app.Anonymous(), region.Slug);
        var description = Event(open, meeting.Id).Description;
        Assert.Contains("Öffentlicher Bericht", description, StringComparison.Ordinal);
        Assert.DoesNotContain("Vertrauliche Vergabe", description, StringComparison.Ordinal);
    }

    private static CalendarEvent Event(Calendar calendar, Guid meetingId) =>
        Assert.Single(calendar.Events, e => e.Uid!.StartsWith($"meeting-{meetingId:D}@", StringComparison.Ordinal));

    private static async Task<(Calendar Calendar, string ETag)> ReadAsync(HttpClient client, string slug)
    {
        var response = await client.GetAsync(GetMeetingCalendarRequest.BuildRoute(slug));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        return (Calendar.Load(text)!, response.ETag());
    }
}
