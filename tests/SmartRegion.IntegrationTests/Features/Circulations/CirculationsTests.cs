using System.Net;
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
/// deadline (on access) or by the coordinator, and then a decision with the same effects as a meeting's.
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
            last = await (await VoteAsync(region, MeetingApi.AllAgs[i], opened.Id, vote)).ReadAsync<CirculationResponse>();
            Assert.Equal(i < 13 ? CirculationState.Open : CirculationState.Closed, last.State);
        }

        var decision = await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, last.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        Assert.Equal((14, 14, 12, 1, 1, true, DecisionResult.Adopted), (decision.Seats, decision.Present, decision.Yes, decision.No, decision.Abstain, decision.QuorumPresent, decision.Result));
        Assert.Equal(((Guid?)opened.Id, (Guid?)null, "UV-2025/1", 14), (decision.CirculationId, decision.MeetingId, decision.Reference, decision.Votes.Count));
        Assert.Equal(ProjectStatus.Adopted, (await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id)).Status);
        Assert.Equal(decision.Id, (await DecisionApi.HistoryAsync(coordinator, region.Slug, project.Id))[^1].DecisionId);

        await (await VoteAsync(region, MeetingApi.AllAgs[0], opened.Id, VoteChoice.No)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
    }

    [Fact]
    public async Task A_member_votes_once_only_for_its_own_seat_and_coordinators_and_readers_do_not_vote()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/2", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        var ahlen = MeetingApi.AllAgs[1];

        var voted = await (await VoteAsync(region, ahlen, opened.Id, VoteChoice.Yes)).ReadAsync<CirculationResponse>();
        Assert.Equal(VoteChoice.Yes, voted.Seats.Single(s => s.Ags == ahlen).Vote);
        await (await VoteAsync(region, ahlen, opened.Id, VoteChoice.No)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.AlreadyVotedType);
        var member = await region.MemberAsync(ahlen);
        var forOther = await member.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), new VoteInCirculationRequest { Vote = VoteChoice.No, Ags = MeetingApi.AllAgs[2] });
        await forOther.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var body = new VoteInCirculationRequest { Vote = VoteChoice.Yes };
        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await region.ReaderAsync()).PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, opened.Id), body)).StatusCode);

        var stored = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal([(ahlen, (VoteChoice?)VoteChoice.Yes)], stored.Seats.Where(s => s.Vote is not null).Select(s => (s.Ags, s.Vote)));
        Assert.Equal(CirculationState.Open, stored.State);
    }

    [Fact]
    public async Task The_deadline_passing_closes_the_circulation_on_the_next_read()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(2);
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/3", DecisionType.General, null, deadline);
        foreach (var ags in MeetingApi.AllAgs[..8])
        {
            Assert.Equal(HttpStatusCode.OK, (await VoteAsync(region, ags, opened.Id, VoteChoice.Yes)).StatusCode);
        }

        await Task.Delay(deadline - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        var reader = await region.ReaderAsync();
        var listed = await (await reader.GetAsync(ListCirculationsRequest.BuildRoute(region.Slug) + "?state=closed")).ReadAsync<Page<CirculationResponse>>();

        var closed = Assert.Single(listed.Items);
        Assert.Equal((CirculationState.Closed, opened.Version + 9), (closed.State, closed.Version));
        var decision = await (await reader.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, closed.DecisionId!.Value))).ReadAsync<DecisionResponse>();
        Assert.Equal((14, 8, 8, 0, 0, true, DecisionResult.Adopted), (decision.Seats, decision.Present, decision.Yes, decision.No, decision.Abstain, decision.QuorumPresent, decision.Result));
        Assert.Equal(closed.Deadline, decision.DecidedAt);
        await (await VoteAsync(region, MeetingApi.AllAgs[9], opened.Id, VoteChoice.Yes)).ShouldBeProblemAsync(HttpStatusCode.Conflict, CirculationClosing.ClosedType);
    }

    [Fact]
    public async Task Closing_early_needs_if_match_and_a_refused_project_change_keeps_the_circulation_open()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var draft = await new ProjectBuilder(region).InStatus(ProjectStatus.Draft).BuildAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/4", DecisionType.AdoptProject, draft.Id, DateTimeOffset.UtcNow.AddHours(1));
        foreach (var ags in MeetingApi.AllAgs[..8])
        {
            await VoteAsync(region, ags, opened.Id, VoteChoice.Yes);
        }

        var current = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        var route = CloseCirculationRequest.BuildRoute(region.Slug, opened.Id);
        await (await coordinator.PostCommandAsync(route, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await coordinator.PostCommandAsync(route, opened.ETag())).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await coordinator.PostCommandAsync(route, current.ETag())).ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);

        var after = await (await coordinator.GetAsync(GetCirculationRequest.BuildRoute(region.Slug, opened.Id))).ReadAsync<CirculationResponse>();
        Assert.Equal((CirculationState.Open, current.Version, (Guid?)null), (after.State, after.Version, after.DecisionId));
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        Assert.Equal(ProjectStatus.Draft, (await DecisionApi.ProjectAsync(coordinator, region.Slug, draft.Id)).Status);
    }

    [Fact]
    public async Task The_coordinator_closes_early_with_the_votes_cast_so_far()
    {
        var (region, coordinator) = await RegionWithMembersAsync();
        var opened = await OpenAsync(coordinator, region.Slug, "UV-2025/5", DecisionType.General, null, DateTimeOffset.UtcNow.AddHours(1));
        foreach (var ags in MeetingApi.AllAgs[..3])
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
        var member = await region.MemberAsync(MeetingApi.AllAgs[1]);
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

    private static async Task<HttpResponseMessage> VoteAsync(TestRegion region, string ags, Guid circulationId, VoteChoice vote)
    {
        var member = await region.MemberAsync(ags);
        return await member.PostJsonAsync(VoteInCirculationRequest.BuildRoute(region.Slug, circulationId), new VoteInCirculationRequest { Vote = vote });
    }

    private async Task<(TestRegion Region, HttpClient Coordinator)> RegionWithMembersAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region.Slug);
        return (region, coordinator);
    }
}
