using System.Net;
using System.Text.Json;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Meetings;

[Collection(SqliteCollection.Name)]
public sealed class MeetingsTestsOnSqlite(SqliteApp app) : MeetingsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class MeetingsTestsOnSqlServer(SqlServerApp app) : MeetingsTests(app);

/// <summary>
/// Lenkungskreis meetings: planning with a snapshot of the seats, reading and listing, the lifecycle with its
/// refusals, and who may do what.
/// </summary>
public abstract class MeetingsTests
{
    private const string Beelen = "012";

    private readonly SmartRegionApp app;

    protected MeetingsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_planned_meeting_has_one_empty_seat_per_active_member_and_reads_back_with_ETag_and_304()
    {
        var (region, coordinator) = await ArrangeAsync();
        var body = MeetingApi.NewMeeting("LK 2025/1") with
        {
            Title = "1. Sitzung „Smart Region“ – Lenkungskreis",
            StartsAt = new DateTimeOffset(2025, 3, 28, 10, 30, 0, TimeSpan.FromHours(1)),
            EndsAt = new DateTimeOffset(2025, 3, 28, 12, 30, 0, TimeSpan.FromHours(1)),
            OnlineLink = "https://meet.example/lenkungskreis",
        };

        var response = await coordinator.PostJsonAsync(CreateMeetingRequest.BuildRoute(region.Slug), body);

        var created = await response.ReadAsync<MeetingResponse>(HttpStatusCode.Created);
        Assert.Equal(GetMeetingRequest.BuildRoute(region.Slug, created.Id), response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(
            ("LK 2025/1", "1. Sitzung „Smart Region“ – Lenkungskreis", MeetingState.Planned, new DateTimeOffset(2025, 3, 28, 9, 30, 0, TimeSpan.Zero)),
            (created.Number, created.Title, created.State, created.StartsAt));
        Assert.Equal(MeetingApi.AllAgs(region), created.Attendance.Select(seat => seat.Ags));
        Assert.All(created.Attendance, seat => Assert.Null(seat.Status));
        Assert.Empty(created.AgendaItems);

        var reader = await region.ReaderAsync();
        var read = await reader.GetAsync(GetMeetingRequest.BuildRoute(region.Slug, created.Id));
        var raw = await read.Content.ReadAsStringAsync();
        AssertSame(created, await read.ReadAsync<MeetingResponse>());
        Assert.Contains("\"startsAt\":\"2025-03-28T09:30:00Z\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"planned\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"invitationDate\":\"2025-03-14\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"decisions\"", raw, StringComparison.Ordinal);
        var again = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, GetMeetingRequest.BuildRoute(region.Slug, created.Id)) { Headers = { { "If-None-Match", read.ETag() } } });
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Invalid_or_duplicate_meetings_are_refused_and_store_nothing()
    {
        var (region, coordinator) = await ArrangeAsync();
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var route = CreateMeetingRequest.BuildRoute(region.Slug);

        var duplicate = await coordinator.PostJsonAsync(route, MeetingApi.NewMeeting("LK 2025/1"));
        var endsEarly = await coordinator.PostJsonAsync(route, MeetingApi.NewMeeting("LK 2025/2") with { EndsAt = new DateTimeOffset(2025, 3, 28, 9, 0, 0, TimeSpan.Zero) });
        var badLink = await coordinator.PostJsonAsync(route, MeetingApi.NewMeeting("LK 2025/3") with { OnlineLink = "ftp://meet.example/x" });
        var tooLong = await coordinator.PostJsonAsync(route, MeetingApi.NewMeeting(new string('L', 31)));

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Contains("endsAt", (await endsEarly.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("onlineLink", (await badLink.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("number", (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var list = await (await coordinator.GetAsync(ListMeetingsRequest.BuildRoute(region.Slug))).ReadAsync<Page<MeetingSummaryResponse>>();
        Assert.Equal(["LK 2025/1"], list.Items.Select(meeting => meeting.Number));
    }

    [Fact]
    public async Task Meetings_list_by_start_time_with_state_and_date_filters_and_pages()
    {
        var (region, coordinator) = await ArrangeAsync();
        var march = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2", At(2025, 3, 28));
        var january = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1", At(2025, 1, 15));
        var june = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/3", At(2025, 6, 4));
        var september = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/4", At(2025, 9, 10));
        await MeetingApi.HoldAsync(coordinator, region.Slug, january.Id, present: MeetingApi.AllAgs(region));
        await MeetingApi.CancelAsync(coordinator, region.Slug, june.Id);
        var reader = await region.ReaderAsync();

        async Task<Guid[]> IdsAsync(string query) =>
            (await (await reader.GetAsync($"{ListMeetingsRequest.BuildRoute(region.Slug)}?{query}")).ReadAsync<Page<MeetingSummaryResponse>>())
                .Items.Select(meeting => meeting.Id).ToArray();

        Assert.Equal([january.Id, march.Id, june.Id, september.Id], await IdsAsync(string.Empty));
        Assert.Equal([march.Id, september.Id], await IdsAsync("state=planned"));
        Assert.Equal([january.Id, june.Id], await IdsAsync("state=held&state=cancelled"));
        Assert.Equal([march.Id, june.Id], await IdsAsync("from=2025-03-28T09:30:00Z&to=2025-09-10T09:30:00Z"));
        var first = await (await reader.GetAsync($"{ListMeetingsRequest.BuildRoute(region.Slug)}?limit=3")).ReadAsync<Page<MeetingSummaryResponse>>();
        Assert.Equal([january.Id, march.Id, june.Id], first.Items.Select(meeting => meeting.Id));
        Assert.NotNull(first.NextCursor);
        var second = await (await reader.GetAsync($"{ListMeetingsRequest.BuildRoute(region.Slug)}?limit=3&cursor={first.NextCursor}")).ReadAsync<Page<MeetingSummaryResponse>>();
        Assert.Equal([september.Id], second.Items.Select(meeting => meeting.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.GetAsync($"{ListMeetingsRequest.BuildRoute(region.Slug)}?cursor=nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_member_deactivated_after_planning_keeps_its_seat_there_but_gets_none_in_later_meetings()
    {
        var (region, coordinator) = await ArrangeAsync();
        var before = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var member = await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)));
        var deactivated = await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)), member.ETag());
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);

        var after = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2");

        Assert.Equal(14, (await MeetingApi.GetAsync(coordinator, region.Slug, before.Id)).Attendance.Count);
        Assert.Contains(region.Ags(Beelen), (await MeetingApi.GetAsync(coordinator, region.Slug, before.Id)).Attendance.Select(seat => seat.Ags));
        Assert.Equal(13, after.Attendance.Count);
        Assert.DoesNotContain(region.Ags(Beelen), after.Attendance.Select(seat => seat.Ags));
    }

    [Fact]
    public async Task Transitions_follow_the_lifecycle_and_closing_needs_every_seats_attendance()
    {
        var (region, coordinator) = await ArrangeAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var route = TransitionMeetingRequest.BuildRoute(region.Slug, meeting.Id);

        var skip = await coordinator.SendJsonAsync(HttpMethod.Post, route, new TransitionMeetingRequest { To = MeetingState.Closed }, meeting.ETag());
        var noIfMatch = await coordinator.SendJsonAsync(HttpMethod.Post, route, new TransitionMeetingRequest { To = MeetingState.Held }, ifMatch: null);
        var stale = await coordinator.SendJsonAsync(HttpMethod.Post, route, new TransitionMeetingRequest { To = MeetingState.Held }, "\"7\"");
        var held = await (await coordinator.SendJsonAsync(HttpMethod.Post, route, new TransitionMeetingRequest { To = MeetingState.Held }, meeting.ETag())).ReadAsync<MeetingResponse>();
        var partial = await coordinator.PutJsonAsync(RecordAttendanceRequest.BuildRoute(region.Slug, meeting.Id),
            new RecordAttendanceRequest { Entries = [new AttendanceEntryInput { Ags = region.Ags(Beelen), Status = AttendanceStatus.Excused }] }, held.ETag());
        var afterPartial = await partial.ReadAsync<MeetingResponse>();
        var incomplete = await coordinator.SendJsonAsync(HttpMethod.Post, route, new TransitionMeetingRequest { To = MeetingState.Closed }, afterPartial.ETag());

        await skip.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.TransitionNotAllowedType);
        await noIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal((MeetingState.Held, 2), (held.State, held.Version));
        var problem = await incomplete.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingRules.AttendanceIncompleteType);
        Assert.Contains(region.Ags("004"), problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(region.Ags(Beelen), problem.Detail, StringComparison.Ordinal);
        Assert.Equal(MeetingState.Held, (await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id)).State);

        var complete = await coordinator.PutJsonAsync(RecordAttendanceRequest.BuildRoute(region.Slug, meeting.Id),
            new RecordAttendanceRequest { Entries = MeetingApi.AllAgs(region).Where(ags => ags != region.Ags(Beelen)).Select(ags => new AttendanceEntryInput { Ags = ags, Status = AttendanceStatus.Present }).ToList() },
            afterPartial.ETag());
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        var closed = await MeetingApi.CloseAsync(coordinator, region.Slug, meeting.Id);
        Assert.Equal(MeetingState.Closed, closed.State);
        Assert.Equal(AttendanceStatus.Excused, closed.Attendance.Single(seat => seat.Ags == region.Ags(Beelen)).Status);
        Assert.Equal(13, closed.Attendance.Count(seat => seat.Status == AttendanceStatus.Present));

        var cancelled = await MeetingApi.CancelAsync(coordinator, region.Slug, (await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/3")).Id);
        var revive = await coordinator.SendJsonAsync(HttpMethod.Post, TransitionMeetingRequest.BuildRoute(region.Slug, cancelled.Id), new TransitionMeetingRequest { To = MeetingState.Held }, cancelled.ETag());
        await revive.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.ReadOnlyType);
    }

    [Fact]
    public async Task A_closed_meeting_refuses_every_change_with_409_and_stays_as_it_was()
    {
        var (region, coordinator) = await ArrangeAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var top = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region));
        var closed = await MeetingApi.CloseAsync(coordinator, region.Slug, meeting.Id);
        var etag = closed.ETag();

        var responses = new[]
        {
            await coordinator.PutJsonAsync(UpdateMeetingRequest.BuildRoute(region.Slug, meeting.Id), ToUpdate(MeetingApi.NewMeeting("LK 2025/1b")), etag),
            await coordinator.PostJsonAsync(AddAgendaItemRequest.BuildRoute(region.Slug, meeting.Id), new AddAgendaItemRequest { Number = "TOP 2", Title = "Nachtrag" }),
            await coordinator.PutJsonAsync(UpdateAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, top.Id), new UpdateAgendaItemRequest { Number = "TOP 1", Title = "Neu" }, top.ETag()),
            await coordinator.SendJsonAsync(HttpMethod.Post, ReorderAgendaItemsRequest.BuildRoute(region.Slug, meeting.Id), new ReorderAgendaItemsRequest { Ids = [top.Id] }, etag),
            await coordinator.DeleteAsync(DeleteAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, top.Id), top.ETag()),
            await coordinator.PutJsonAsync(RecordAttendanceRequest.BuildRoute(region.Slug, meeting.Id),
                new RecordAttendanceRequest { Entries = [new AttendanceEntryInput { Ags = region.Ags(Beelen), Status = AttendanceStatus.Absent }] }, etag),
            await coordinator.PutJsonAsync(UpdateMinutesRequest.BuildRoute(region.Slug, meeting.Id), new UpdateMinutesRequest { Minutes = "Nachträglich" }, etag),
            await coordinator.SendJsonAsync(HttpMethod.Post, TransitionMeetingRequest.BuildRoute(region.Slug, meeting.Id), new TransitionMeetingRequest { To = MeetingState.Cancelled }, etag),
        };

        foreach (var response in responses)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.ReadOnlyType);
        }

        AssertSame(closed, await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id));
    }

    [Fact]
    public async Task The_agenda_is_added_edited_reordered_and_deleted_while_planned_and_moves_the_meetings_ETag()
    {
        var (region, coordinator) = await ArrangeAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var one = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", "Begrüßung");
        var two = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 2", "Leitprojekt LP-07", projectIds: [project.Id]);
        var three = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 3", "Personalangelegenheiten", isPublic: false);
        var afterAdds = await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id);

        Assert.Equal(4, afterAdds.Version);
        Assert.Equal([("TOP 1", 1), ("TOP 2", 2), ("TOP 3", 3)], afterAdds.AgendaItems.Select(item => (item.Number, item.Position)));
        Assert.Equal([project.Id], afterAdds.AgendaItems[1].ProjectIds);
        Assert.False(afterAdds.AgendaItems[2].IsPublic);
        Assert.True(afterAdds.AgendaItems[0].IsPublic);

        var edited = await (await coordinator.PutJsonAsync(UpdateAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, two.Id),
            new UpdateAgendaItemRequest { Number = "TOP 2a", Title = "Leitprojekt LP-07: Beschluss", Description = "Vorlage 12/2025" }, two.ETag())).ReadAsync<AgendaItemResponse>();
        Assert.Equal(("TOP 2a", 2, 2), (edited.Number, edited.Position, edited.Version));
        Assert.Empty(edited.ProjectIds);
        var staleEdit = await coordinator.PutJsonAsync(UpdateAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, two.Id),
            new UpdateAgendaItemRequest { Number = "TOP 2b", Title = "x" }, two.ETag());
        await staleEdit.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);

        var current = await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id);
        var staleOrder = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderAgendaItemsRequest.BuildRoute(region.Slug, meeting.Id),
            new ReorderAgendaItemsRequest { Ids = [three.Id, one.Id, two.Id] }, afterAdds.ETag());
        var incomplete = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderAgendaItemsRequest.BuildRoute(region.Slug, meeting.Id),
            new ReorderAgendaItemsRequest { Ids = [three.Id, one.Id] }, current.ETag());
        var reordered = await (await coordinator.SendJsonAsync(HttpMethod.Post, ReorderAgendaItemsRequest.BuildRoute(region.Slug, meeting.Id),
            new ReorderAgendaItemsRequest { Ids = [three.Id, one.Id, two.Id] }, current.ETag())).ReadAsync<MeetingResponse>();
        await staleOrder.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("ids", (await incomplete.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal([three.Id, one.Id, two.Id], reordered.AgendaItems.Select(item => item.Id));
        Assert.Equal([1, 2, 3], reordered.AgendaItems.Select(item => item.Position));
        Assert.NotEqual(current.ETag(), reordered.ETag());

        var oneNow = reordered.AgendaItems.Single(item => item.Id == one.Id);
        var noIfMatch = await coordinator.DeleteAsync(DeleteAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, one.Id), ifMatch: null);
        var deleted = await coordinator.DeleteAsync(DeleteAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, one.Id), oneNow.ETag());
        await noIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var final = await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id);
        Assert.Equal([(three.Id, 1), (two.Id, 2)], final.AgendaItems.Select(item => (item.Id, item.Position)));
        Assert.True(final.Version > reordered.Version);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync(GetAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, one.Id))).StatusCode);
    }

    [Fact]
    public async Task Agenda_refusals_unknown_projects_duplicate_numbers_and_a_held_meeting_store_nothing()
    {
        var (region, coordinator) = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var otherCoordinator = await other.CoordinatorAsync();
        var foreignProject = await ProjectApi.CreateAsync(otherCoordinator, other, ProjectApi.NewProject("LP-01", await ProjectApi.FieldOfActionAsync(otherCoordinator, other)));
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        var route = AddAgendaItemRequest.BuildRoute(region.Slug, meeting.Id);

        var unknown = await coordinator.PostJsonAsync(route, new AddAgendaItemRequest { Number = "TOP 2", Title = "x", ProjectIds = [foreignProject.Id] });
        var duplicate = await coordinator.PostJsonAsync(route, new AddAgendaItemRequest { Number = "TOP 1", Title = "x" });
        await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region));
        var whileHeld = await coordinator.PostJsonAsync(route, new AddAgendaItemRequest { Number = "TOP 3", Title = "x" });

        var problem = await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(foreignProject.Id.ToString(), problem.Errors!["projectIds"].Single(), StringComparison.Ordinal);
        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        await whileHeld.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.NotPlannedType);
        Assert.Equal(["TOP 1"], (await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id)).AgendaItems.Select(item => item.Number));
    }

    [Fact]
    public async Task Attendance_is_recorded_only_while_held_and_only_for_seats_and_minutes_until_closed()
    {
        var (region, coordinator) = await ArrangeAsync();
        var stranger = region.Ags("099");
        var later = region.Ags("056");
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        // A member that joins after the meeting was planned has no seat in it.
        var joined = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = later, Kind = MemberKind.Municipality, Name = "Gemeinde Später" });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        var attendance = RecordAttendanceRequest.BuildRoute(region.Slug, meeting.Id);
        var entry = new RecordAttendanceRequest { Entries = [new AttendanceEntryInput { Ags = region.Ags(Beelen), Status = AttendanceStatus.Present, DelegateName = "Frau Müller" }] };

        var whilePlanned = await coordinator.PutJsonAsync(attendance, entry, meeting.ETag());
        var minutesPlanned = await (await coordinator.PutJsonAsync(UpdateMinutesRequest.BuildRoute(region.Slug, meeting.Id),
            new UpdateMinutesRequest { Minutes = "Entwurf" }, meeting.ETag())).ReadAsync<MeetingResponse>();
        var held = await MeetingApi.TransitionAsync(coordinator, region.Slug, meeting.Id, MeetingState.Held);
        var noSeat = await coordinator.PutJsonAsync(attendance, new RecordAttendanceRequest
        {
            Entries =
            [
                new AttendanceEntryInput { Ags = region.Ags(Beelen), Status = AttendanceStatus.Present },
                new AttendanceEntryInput { Ags = stranger, Status = AttendanceStatus.Present },
                new AttendanceEntryInput { Ags = later, Status = AttendanceStatus.Present },
            ],
        }, held.ETag());
        var recorded = await (await coordinator.PutJsonAsync(attendance, entry, held.ETag())).ReadAsync<MeetingResponse>();
        var minutesHeld = await (await coordinator.PutJsonAsync(UpdateMinutesRequest.BuildRoute(region.Slug, meeting.Id),
            new UpdateMinutesRequest { Minutes = "Protokoll: TOP 1 „Begrüßung“" }, recorded.ETag())).ReadAsync<MeetingResponse>();

        await whilePlanned.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.NotHeldType);
        Assert.Equal("Entwurf", minutesPlanned.Minutes);
        var problem = await noSeat.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var messages = string.Join(" ", problem.Errors!.Values.SelectMany(texts => texts));
        Assert.Contains(stranger, messages, StringComparison.Ordinal);
        Assert.Contains(later, messages, StringComparison.Ordinal);
        Assert.DoesNotContain(region.Ags(Beelen), messages, StringComparison.Ordinal);
        Assert.DoesNotContain(later, held.Attendance.Select(seat => seat.Ags));
        Assert.Equal(new AttendanceResponse(region.Ags(Beelen), AttendanceStatus.Present, "Frau Müller"), recorded.Attendance.Single(seat => seat.Ags == region.Ags(Beelen)));
        Assert.Equal(13, recorded.Attendance.Count(seat => seat.Status is null));
        Assert.Equal("Protokoll: TOP 1 „Begrüßung“", minutesHeld.Minutes);
    }

    [Fact]
    public async Task Only_the_coordinator_writes_every_role_reads_and_another_region_sees_404()
    {
        var (region, coordinator) = await ArrangeAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var reader = await region.ReaderAsync();
        var member = await region.MemberAsync(region.Ags(Beelen));
        var other = await app.NewRegionAsync();
        var otherCoordinator = await other.CoordinatorAsync();

        var readerCreates = await reader.PostJsonAsync(CreateMeetingRequest.BuildRoute(region.Slug), MeetingApi.NewMeeting("LK 2025/9"));
        var memberCreates = await member.PostJsonAsync(CreateMeetingRequest.BuildRoute(region.Slug), MeetingApi.NewMeeting("LK 2025/9"));
        var adminCreates = await app.Admin().PostJsonAsync(CreateMeetingRequest.BuildRoute(region.Slug), MeetingApi.NewMeeting("LK 2025/9"));
        var readerMoves = await reader.SendJsonAsync(HttpMethod.Post, TransitionMeetingRequest.BuildRoute(region.Slug, meeting.Id), new TransitionMeetingRequest { To = MeetingState.Held }, meeting.ETag());
        var readerAgenda = await reader.PostJsonAsync(AddAgendaItemRequest.BuildRoute(region.Slug, meeting.Id), new AddAgendaItemRequest { Number = "TOP 1", Title = "x" });
        var otherReads = await otherCoordinator.GetAsync(GetMeetingRequest.BuildRoute(region.Slug, meeting.Id));
        var otherViaOwnSlug = await otherCoordinator.GetAsync(GetMeetingRequest.BuildRoute(other.Slug, meeting.Id));
        var otherMoves = await otherCoordinator.SendJsonAsync(HttpMethod.Post, TransitionMeetingRequest.BuildRoute(other.Slug, meeting.Id), new TransitionMeetingRequest { To = MeetingState.Held }, meeting.ETag());
        var anonymous = await app.Anonymous().GetAsync(GetMeetingRequest.BuildRoute(region.Slug, meeting.Id));

        foreach (var response in new[] { readerCreates, memberCreates, adminCreates, readerMoves, readerAgenda })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        foreach (var response in new[] { otherReads, otherViaOwnSlug, otherMoves })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var client in new[] { reader, member, app.Admin() })
        {
            AssertSame(meeting, await MeetingApi.GetAsync(client, region.Slug, meeting.Id));
        }

        var list = await (await reader.GetAsync(ListMeetingsRequest.BuildRoute(region.Slug))).ReadAsync<Page<MeetingSummaryResponse>>();
        Assert.Equal([meeting.Id], list.Items.Select(item => item.Id));
    }

    [Fact]
    public async Task A_planned_meeting_is_updated_with_If_Match_and_a_held_one_is_not()
    {
        var (region, coordinator) = await ArrangeAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/2");
        var route = UpdateMeetingRequest.BuildRoute(region.Slug, meeting.Id);
        var body = ToUpdate(MeetingApi.NewMeeting("LK 2025/1") with { Title = "Verschoben", Location = null, OnlineLink = "https://meet.example/lk" });

        var noIfMatch = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var taken = await coordinator.PutJsonAsync(route, body with { Number = "LK 2025/2" }, meeting.ETag());
        var updated = await (await coordinator.PutJsonAsync(route, body, meeting.ETag())).ReadAsync<MeetingResponse>();
        var stale = await coordinator.PutJsonAsync(route, body, meeting.ETag());
        await MeetingApi.TransitionAsync(coordinator, region.Slug, meeting.Id, MeetingState.Held);
        var current = await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id);
        var whileHeld = await coordinator.PutJsonAsync(route, body with { Title = "Zu spät" }, current.ETag());

        await noIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal(("Verschoben", null, "https://meet.example/lk", 2), (updated.Title, updated.Location, updated.OnlineLink, updated.Version));
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await whileHeld.ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.NotPlannedType);
        Assert.Equal("Verschoben", (await MeetingApi.GetAsync(coordinator, region.Slug, meeting.Id)).Title);
    }

    private static UpdateMeetingRequest ToUpdate(CreateMeetingRequest body) => new()
    {
        Number = body.Number,
        Title = body.Title,
        StartsAt = body.StartsAt,
        EndsAt = body.EndsAt,
        Location = body.Location,
        OnlineLink = body.OnlineLink,
        InvitationDate = body.InvitationDate,
    };

    /// <summary>Records with lists compare by reference; their JSON shows every value a client sees.</summary>
    private static void AssertSame(MeetingResponse expected, MeetingResponse actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, HttpAssertions.Json), JsonSerializer.Serialize(actual, HttpAssertions.Json));

    private static DateTimeOffset At(int year, int month, int day) => new(year, month, day, 9, 30, 0, TimeSpan.Zero);

    /// <summary>A fresh region with the 14 members of Kreis Warendorf and its coordinator.</summary>
    private async Task<(TestRegion Region, HttpClient Coordinator)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        return (region, coordinator);
    }
}
