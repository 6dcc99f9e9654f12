using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Circulations;

[Collection(SqliteCollection.Name)]
public sealed class CirculationsTestsOnSqlite(SqliteApp app) : CirculationsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class CirculationsTestsOnSqlServer(SqlServerApp app) : CirculationsTests(app);

/// <summary>
/// Circulations (Umlaufverfahren): one vote per member for its own seat, closing when every seat voted, at the
/// deadline (by the service itself or the next write, never a read), by the coordinator, or cancelled, and then a decision with the same effects as a meeting's.
/// </summary>
public abstract class CirculationsTests
{
    private readonly SmartRegionApp app;

    protected CirculationsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_circulation_among_all_14_seats_adopts_a_project_when_the_last_seat_votes()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var project = await new ProjectBuilder(region).WithCode("LP-04").InStatus(ProjectStatus.Proposed).BuildAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/1", DecisionType.AdoptProject, project.Id, DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal((CirculationState.Open, 14), (opened.State, opened.Seats.Count));
        Assert.All(opened.Seats, seat => Assert.Null(seat.Vote));

        CirculationResponse last = opened;
        for (var i = 0; i < 14; i++)
        {
            var vote = i < 12 ? VoteChoice.Yes : i == 12 ? VoteChoice.No : VoteChoice.Abstain;
            last = await (await VoteAsync(region, MeetingApi.AllAgs(region)[i], opened.Id, vote)).ReadAsync<CirculationResponse>();
            Assert.Equal(i < 13 ? CirculationState.Open : CirculationState.Closed, last.State);
        }

        var decision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, last.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        Assert.Equal((14, 14, 12, 1, 1, true, DecisionResult.Adopted), (decision.Seats, decision.Present, decision.Yes, decision.No, decision.Abstain, decision.QuorumPresent, decision.Result));
        Assert.Equal(((Guid?)opened.Id, (Guid?)null, "UV-2025/1", 14), (decision.CirculationId, decision.MeetingId, decision.Reference, decision.Votes.Count));
        Assert.Equal(ProjectStatus.Adopted, (await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id)).Status);
        Assert.Equal(decision.Id, (await DecisionApi.HistoryAsync(coordinator, region.Slug, project.Id))[^1].DecisionId);

        await (await VoteAsync(region, MeetingApi.AllAgs(region)[0], opened.Id, VoteChoice.No)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
    }

    [Fact]
    public async Task A_member_votes_once_only_for_its_own_seat_and_readers_do_not_vote()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/2", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        var ahlen = MeetingApi.AllAgs(region)[1];

        var voted = await (await VoteAsync(region, ahlen, opened.Id, VoteChoice.Yes)).ReadAsync<CirculationResponse>();
        Assert.Equal(VoteChoice.Yes, voted.Seats.Single(s => s.Ags == ahlen).Vote);
        await (await VoteAsync(region, ahlen, opened.Id, VoteChoice.No)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.AlreadyVotedType);
        var member = await region.MemberAsync(ahlen);
        var forOther = await member.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), new VoteInCirculationRequest { Vote = VoteChoice.No, Ags = MeetingApi.AllAgs(region)[2] });
        await forOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var body = new VoteInCirculationRequest { Vote = VoteChoice.Yes };
        Assert.Equal(HttpStatusCode.Forbidden, (await (await region.ReaderAsync()).PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), body)).StatusCode);

        var stored = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal([(ahlen, (VoteChoice?)VoteChoice.Yes)], stored.Seats.Where(s => s.Vote is not null).Select(s => (s.Ags, s.Vote)));
        Assert.Equal(CirculationState.Open, stored.State);
    }

    [Fact]
    public async Task The_coordinator_casts_the_district_seat_only_recorded_as_acting_for_the_district()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/9", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        var route = VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id);
        var ahlen = MeetingApi.AllAgs(region)[1];

        var forMunicipality = await coordinator.PostJsonAsync(route, new VoteInCirculationRequest { Vote = VoteChoice.No, Ags = ahlen });
        await forMunicipality.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var voted = await (await coordinator.PostJsonAsync(route, new VoteInCirculationRequest { Vote = VoteChoice.Yes, Ags = region.District })).ReadAsync<CirculationResponse>();
        var again = await coordinator.PostJsonAsync(route, new VoteInCirculationRequest { Vote = VoteChoice.No });
        await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.AlreadyVotedType);
        // The district's own member key finds its seat taken: one seat, one vote, whoever casts it.
        await (await VoteAsync(region, region.District, opened.Id, VoteChoice.No)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.AlreadyVotedType);

        Assert.Equal([(region.District, (VoteChoice?)VoteChoice.Yes)], voted.Seats.Where(s => s.Vote is not null).Select(s => (s.Ags, s.Vote)));
        var stored = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal([(region.District, (VoteChoice?)VoteChoice.Yes)], stored.Seats.Where(s => s.Vote is not null).Select(s => (s.Ags, s.Vote)));
        var change = Assert.Single(await ChangesAsync(opened.Id), change => change.Kind == "voted");
        Assert.StartsWith("apikey:", change.Actor, StringComparison.Ordinal);
        using var details = System.Text.Json.JsonDocument.Parse(change.Details!);
        Assert.Equal((region.District, "district"), (details.RootElement.GetProperty("ags").GetString(), details.RootElement.GetProperty("actingFor").GetString()));
    }

    [Fact]
    public async Task A_read_after_the_deadline_changes_nothing_and_shows_deadline_passed()
    {
        var clock = new TestClock();
        await using var host = app.WithClock(clock);
        var (region, coordinator) = await RegionWithMembersAsync();
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var opened = await OpenAsync(host.WithKey(await region.KeyAsync(RoleNames.Coordinator)), region.Slug, "UV-2025/3", DecisionType.AdoptProject, project.Id, clock.GetUtcNow().AddHours(1));
        foreach (var ags in MeetingApi.AllAgs(region)[..8])
        {
            Assert.Equal(HttpStatusCode.OK, (await VoteAsync(region, ags, opened.Id, VoteChoice.Yes, host)).StatusCode);
        }

        clock.Advance(TimeSpan.FromHours(2));
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));
        var read = await (await reader.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var listed = Assert.Single((await (await reader.GetAsync(ListCirculationsRequest.BuildRoute(region.Slug))).ReadAsync<Page<CirculationResponse>>()).Items);

        Assert.Equal((CirculationState.Open, true, (Guid?)null, opened.Version + 8), (read.State, read.DeadlinePassed, read.DecisionId, read.Version));
        Assert.Equal((CirculationState.Open, true), (listed.State, listed.DeadlinePassed));
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        var unchanged = await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id);
        Assert.Equal((ProjectStatus.Proposed, project.Version), (unchanged.Status, unchanged.Version));
    }

    [Fact]
    public async Task The_next_vote_after_the_deadline_closes_the_circulation_under_the_system_actor_and_is_refused()
    {
        var clock = new TestClock();
        await using var host = app.WithClock(clock);
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(host.WithKey(await region.KeyAsync(RoleNames.Coordinator)), region.Slug, "UV-2025/3b", DecisionType.General, null, clock.GetUtcNow().AddMinutes(10));
        foreach (var ags in MeetingApi.AllAgs(region)[..8])
        {
            await VoteAsync(region, ags, opened.Id, VoteChoice.Yes, host);
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        await (await VoteAsync(region, MeetingApi.AllAgs(region)[9], opened.Id, VoteChoice.Yes, host)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);

        var closed = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal((CirculationState.Closed, false, CirculationClosing.DeadlineActor), (closed.State, closed.DeadlinePassed, closed.ClosedBy));
        var decision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, closed.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        Assert.Equal((14, 8, 8, 0, 0, true, DecisionResult.Adopted), (decision.Seats, decision.Present, decision.Yes, decision.No, decision.Abstain, decision.QuorumPresent, decision.Result));
        Assert.Equal(closed.Deadline, decision.DecidedAt);
        Assert.Equal([("closed", CirculationClosing.DeadlineActor)], (await ChangesAsync(opened.Id)).Where(change => change.Kind == "closed").Select(change => (change.Kind, change.Actor)));
    }

    [Fact]
    public async Task The_background_closer_closes_a_due_circulation_exactly_once_when_two_instances_run()
    {
        var clock = new TestClock();
        await using var first = app.WithClock(clock);
        await using var second = app.WithClock(clock);
        var (region, coordinator) = await RegionWithMembersAsync();
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var opened = await OpenAsync(first.WithKey(await region.KeyAsync(RoleNames.Coordinator)), region.Slug, "UV-2025/3c", DecisionType.AdoptProject, project.Id, clock.GetUtcNow().AddMinutes(5));
        foreach (var ags in MeetingApi.AllAgs(region)[..8])
        {
            await VoteAsync(region, ags, opened.Id, VoteChoice.Yes, first);
        }

        clock.Advance(TimeSpan.FromMinutes(6));
        var closedByEach = await Task.WhenAll(
            first.Service<CirculationDeadlineCloser>().CloseDueOnceAsync(CancellationToken.None),
            second.Service<CirculationDeadlineCloser>().CloseDueOnceAsync(CancellationToken.None));

        Assert.Equal(1, closedByEach.Sum());
        var closed = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal((CirculationState.Closed, CirculationClosing.DeadlineActor), (closed.State, closed.ClosedBy));
        var decision = Assert.Single(await DecisionApi.ListAsync(coordinator, region.Slug));
        Assert.Equal((closed.DecisionId, DecisionResult.Adopted), ((Guid?)decision.Id, decision.Result));
        var adopted = await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id);
        Assert.Equal(new ProjectEffectResponse(project.Id, ProjectStatus.Adopted, adopted.Category, adopted.Version), closed.ProjectEffect);
        Assert.Equal(closed.ProjectEffect, decision.ProjectEffect);
        Assert.Single(await ChangesAsync(opened.Id), change => change.Kind == "closed");
    }

    [Fact]
    public async Task A_meeting_decision_cannot_take_the_reference_of_an_open_circulation_which_still_closes()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "LK-2025/7", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/7");
        var item = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region)[..10]);

        var taken = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, item.Id,
            DecisionApi.Body("LK-2025/7", DecisionType.General, null, DecisionApi.Votes(MeetingApi.AllAgs(region)[..10], yes: 10, no: 0)));
        await taken.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        await (await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Body("LK-2025/7", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1))))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);

        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var closed = await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), current.ETag())).ReadAsync<CirculationResponse>();
        Assert.Equal(CirculationState.Closed, closed.State);
        Assert.Equal("LK-2025/7", Assert.Single(await DecisionApi.ListAsync(coordinator, region.Slug)).Reference);
    }

    [Fact]
    public async Task The_coordinator_cancels_an_open_circulation_with_a_reason_and_its_reference_is_free_again()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/8", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        await VoteAsync(region, MeetingApi.AllAgs(region)[1], opened.Id, VoteChoice.Yes);
        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var route = CancelCirculationRequest.BuildRoute(region.Slug, opened.Id);
        var body = new CancelCirculationRequest { Reason = "Der Vorschlag wird in der Sitzung LK 2026/1 beraten." };

        await (await coordinator.SendJsonAsync(HttpMethod.Post, route, body, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await coordinator.SendJsonAsync(HttpMethod.Post, route, body, opened.ETag())).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var member = await region.MemberAsync(MeetingApi.AllAgs(region)[1]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.SendJsonAsync(HttpMethod.Post, route, body, current.ETag())).StatusCode);
        var cancelledResponse = await coordinator.SendJsonAsync(HttpMethod.Post, route, body, current.ETag());
        var cancelled = await cancelledResponse.ReadAsync<CirculationResponse>();

        Assert.Equal((CirculationState.Cancelled, current.Version + 1, (Guid?)null), (cancelled.State, cancelled.Version, cancelled.DecisionId));
        Assert.Equal(cancelled.ETag(), cancelledResponse.ETag());
        Assert.Equal(body.Reason, cancelled.Cancellation!.Reason);
        Assert.Equal(cancelled, await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>() with { Seats = cancelled.Seats });
        var change = Assert.Single(await ChangesAsync(opened.Id), change => change.Kind == "cancelled");
        Assert.Equal((cancelled.Cancellation.CancelledBy, body.Reason), (change.Actor, ReasonOf(change.Details)));
        await (await VoteAsync(region, MeetingApi.AllAgs(region)[2], opened.Id, VoteChoice.Yes)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
        await (await coordinator.SendJsonAsync(HttpMethod.Post, route, body, cancelled.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
        await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), cancelled.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);

        var again = await OpenAsync(coordinator, region.Slug, "UV-2025/8", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal(CirculationState.Open, again.State);
        Assert.Equal([CirculationState.Cancelled], (await (await coordinator.GetAsync(ListCirculationsRequest.BuildRoute(region.Slug) + "?state=cancelled")).ReadAsync<Page<CirculationResponse>>()).Items.Select(c => c.State));
    }

    [Fact]
    public async Task Closing_early_needs_if_match_and_a_refused_project_change_keeps_the_circulation_open()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var draft = await new ProjectBuilder(region).InStatus(ProjectStatus.Draft).BuildAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/4", DecisionType.AdoptProject, draft.Id, DateTimeOffset.UtcNow.AddHours(1));
        foreach (var ags in MeetingApi.AllAgs(region)[..8])
        {
            await VoteAsync(region, ags, opened.Id, VoteChoice.Yes);
        }

        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var route = CloseCirculationRequest.BuildRoute(region.Slug, opened.Id);
        await (await coordinator.PostCommandAsync(route, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await coordinator.PostCommandAsync(route, opened.ETag())).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await coordinator.PostCommandAsync(route, current.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);

        // Nothing of the decision is stored; the circulation only records why closing was refused, for the coordinator.
        var after = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal((CirculationState.Open, current.Version + 1, (Guid?)null), (after.State, after.Version, after.DecisionId));
        Assert.Equal(ProjectLifecycle.TransitionNotAllowedType, after.ClosingBlocked!.Type);
        Assert.Contains("draft", after.ClosingBlocked.Detail, StringComparison.Ordinal);
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        Assert.Equal(ProjectStatus.Draft, (await DecisionApi.ProjectAsync(coordinator, region.Slug, draft.Id)).Status);

        // A second refusal for the same reason changes nothing; cancelling is the way out.
        await (await coordinator.PostCommandAsync(route, after.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);
        var cancel = await coordinator.SendJsonAsync(HttpMethod.Post, CancelCirculationRequest.BuildRoute(region.Slug, opened.Id),
            new CancelCirculationRequest { Reason = "Das Projekt ist noch ein Entwurf." }, after.ETag());
        Assert.Equal(CirculationState.Cancelled, (await cancel.ReadAsync<CirculationResponse>()).State);
    }

    [Fact]
    public async Task The_coordinator_closes_early_with_the_votes_cast_so_far()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/5", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        foreach (var ags in MeetingApi.AllAgs(region)[..3])
        {
            await VoteAsync(region, ags, opened.Id, VoteChoice.Yes);
        }

        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var closed = await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), current.ETag())).ReadAsync<CirculationResponse>();

        Assert.Equal(CirculationState.Closed, closed.State);
        var decision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, closed.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        Assert.Equal((14, 3, 3, false, DecisionResult.Rejected), (decision.Seats, decision.Present, decision.Yes, decision.QuorumPresent, decision.Result));
        await (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), closed.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
    }

    [Fact]
    public async Task Opening_needs_a_future_deadline_and_a_coordinator()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var past = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Body("UV-X", DecisionType.General, null, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Contains("deadline", (await past.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var member = await region.MemberAsync(MeetingApi.AllAgs(region)[1]);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), Body("UV-X", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1)))).StatusCode);
        Assert.Empty((await (await coordinator.GetAsync(ListCirculationsRequest.BuildRoute(region.Slug))).ReadAsync<Page<CirculationResponse>>()).Items);
    }

    private static OpenCirculationRequest Body(string reference, DecisionType type, Guid? projectId, DateTimeOffset deadline) => new()
    {
        Reference = reference,
        Title = $"Umlaufbeschluss {reference}",
        Text = "Die Mitglieder stimmen im Umlaufverfahren ab.",
        Type = type,
        ProjectId = projectId,
        Deadline = deadline,
    };

    private static async Task<CirculationResponse> OpenAsync(HttpClient coordinator, string slug, string reference, DecisionType type, Guid? projectId, DateTimeOffset deadline)
    {
        var response = await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(slug), Body(reference, type, projectId, deadline));
        var opened = await response.ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        Assert.Equal(GetCirculationRequest.BuildRoute(slug, opened.Id), response.Headers.Location?.OriginalString);
        return opened;
    }

    private static async Task<HttpResponseMessage> VoteAsync(TestRegion region, string ags, Guid circulationId, VoteChoice vote, ClockedHost? host = null)
    {
        var member = host is null ? await region.MemberAsync(ags) : host.WithKey(await region.KeyAsync(RoleNames.Member, ags));
        return await member.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, circulationId), new VoteInCirculationRequest { Vote = vote });
    }

    private static string? ReasonOf(string? details) =>
        details is null ? null : System.Text.Json.JsonDocument.Parse(details).RootElement.GetProperty("reason").GetString();

    /// <summary>The change records of one circulation, oldest first, read from the database the service writes.</summary>
    private async Task<List<ChangeRow>> ChangesAsync(Guid circulationId)
    {
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(CancellationToken.None);
        return (await session.QueryAsync<ChangeRow>(ChangesOfEntity, new { EntityType = CirculationClosing.EntityType, EntityId = circulationId.ToString("D") })).ToList();
    }

    private static readonly SqlStatement ChangesOfEntity = SqlStatement.Shared(
        "SELECT Kind, Actor, Details FROM Changes WHERE EntityType = @EntityType AND EntityId = @EntityId ORDER BY Seq");

    private sealed record ChangeRow(string Kind, string Actor, string? Details);

    private async Task<(TestRegion Region, HttpClient Coordinator)> RegionWithMembersAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        return (region, coordinator);
    }
}
