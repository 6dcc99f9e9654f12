using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Decisions;

[Collection(SqliteCollection.Name)]
public sealed class DecisionsTestsOnSqlite(SqliteApp app) : DecisionsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class DecisionsTestsOnSqlServer(SqlServerApp app) : DecisionsTests(app);

/// <summary>
/// Decisions on agenda items of held meetings: the counted result, the project effects in the same transaction,
/// and refusals that store nothing.
/// </summary>
public abstract class DecisionsTests
{
    private readonly SmartRegionApp app;

    protected DecisionsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_meeting_with_13_of_14_seats_adopts_promotes_and_rejects_and_each_figure_is_recorded()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(3);
        var lead = await new ProjectBuilder(region).WithCode("LP-01").InStatus(ProjectStatus.Proposed).BuildAsync();
        var potential = await new ProjectBuilder(region).WithCode("PP-01").WithCategory(ProjectCategory.Potential).InStatus(ProjectStatus.Proposed).BuildAsync();
        var third = await new ProjectBuilder(region).WithCode("LP-03").InStatus(ProjectStatus.Proposed).BuildAsync();
        var thirdHistory = await DecisionApi.HistoryAsync(coordinator, region.Slug, third.Id);
        var present = MeetingApi.AllAgs(region)[..13];

        var adoptResponse = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-2025/1-1", DecisionType.AdoptProject, lead.Id, DecisionApi.Votes(present, yes: 10, no: 2)));
        var adopt = await adoptResponse.ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal(GetDecisionRequest.BuildRoute(region.Slug, adopt.Id), adoptResponse.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", adoptResponse.ETag());
        Assert.Equal((14, 13, 10, 2, 1, true, DecisionResult.Adopted), (adopt.Seats, adopt.Present, adopt.Yes, adopt.No, adopt.Abstain, adopt.QuorumPresent, adopt.Result));
        Assert.Equal((meeting.Id, items[0].Id, (Guid?)null, (Guid?)lead.Id), (adopt.MeetingId!.Value, adopt.AgendaItemId!.Value, adopt.CirculationId, adopt.ProjectId));
        Assert.Equal(13, adopt.Votes.Count);
        Assert.Equal(ProjectStatus.Adopted, (await DecisionApi.ProjectAsync(coordinator, region.Slug, lead.Id)).Status);
        var leadHistory = await DecisionApi.HistoryAsync(coordinator, region.Slug, lead.Id);
        Assert.Equal((ProjectStatus.Adopted, (Guid?)adopt.Id), (leadHistory[^1].ToStatus!.Value, leadHistory[^1].DecisionId));

        var promote = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[1].Id,
            DecisionApi.Body("LK-2025/1-2", DecisionType.PromoteToLead, potential.Id, DecisionApi.Votes(present, yes: 13, no: 0))))
            .ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal((14, 13, 13, 0, 0, true, DecisionResult.Adopted), (promote.Seats, promote.Present, promote.Yes, promote.No, promote.Abstain, promote.QuorumPresent, promote.Result));
        var promoted = await DecisionApi.ProjectAsync(coordinator, region.Slug, potential.Id);
        Assert.Equal((ProjectCategory.Lead, ProjectStatus.Proposed), (promoted.Category, promoted.Status));
        Assert.Equal(promote.Id, (await DecisionApi.HistoryAsync(coordinator, region.Slug, potential.Id))[^1].DecisionId);

        var reject = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[2].Id,
            DecisionApi.Body("LK-2025/1-3", DecisionType.AdoptProject, third.Id, DecisionApi.Votes(present, yes: 4, no: 8))))
            .ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal((14, 13, 4, 8, 1, true, DecisionResult.Rejected), (reject.Seats, reject.Present, reject.Yes, reject.No, reject.Abstain, reject.QuorumPresent, reject.Result));
        var unchanged = await DecisionApi.ProjectAsync(coordinator, region.Slug, third.Id);
        Assert.Equal((ProjectStatus.Proposed, third.Version), (unchanged.Status, unchanged.Version));
        Assert.Equal(thirdHistory.Count, (await DecisionApi.HistoryAsync(coordinator, region.Slug, third.Id)).Count);

        var reader = await region.ReaderAsync();
        Assert.Equal(["LK-2025/1-1", "LK-2025/1-2", "LK-2025/1-3"], (await DecisionApi.ListAsync(reader, region.Slug, $"?meeting={meeting.Id}")).Select(d => d.Reference));
        Assert.Equal([reject.Id], (await DecisionApi.ListAsync(reader, region.Slug, "?result=rejected")).Select(d => d.Id));
        Assert.Equal([promote.Id], (await DecisionApi.ListAsync(reader, region.Slug, "?type=promote_to_lead")).Select(d => d.Id));
        var leadDecisions = await (await reader.GetAsync(ListProjectDecisionsRequest.BuildRoute(region.Slug, lead.Id))).ReadAsync<Page<DecisionResponse>>();
        Assert.Equal(adopt, Assert.Single(leadDecisions.Items) with { Votes = adopt.Votes });
        Assert.Equal(adopt.Votes, leadDecisions.Items[0].Votes);
        var read = await (await reader.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, adopt.Id))).ReadAsync<DecisionResponse>();
        Assert.Equal(adopt.Votes, read.Votes);
        Assert.Equal(adopt.Reference, read.Reference);
    }

    [Fact]
    public async Task Without_quorum_a_decision_is_recorded_as_rejected_and_changes_nothing()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1, presentCount: 7);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();

        var decision = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-Q-1", DecisionType.AdoptProject, project.Id, DecisionApi.Votes(MeetingApi.AllAgs(region)[..7], yes: 7, no: 0))))
            .ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        Assert.Equal((14, 7, 7, 0, 0, false, DecisionResult.Rejected), (decision.Seats, decision.Present, decision.Yes, decision.No, decision.Abstain, decision.QuorumPresent, decision.Result));
        Assert.Equal(ProjectStatus.Proposed, (await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id)).Status);
    }

    [Fact]
    public async Task A_decision_for_a_project_in_the_wrong_state_is_409_and_stores_nothing()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1);
        var draft = await new ProjectBuilder(region).InStatus(ProjectStatus.Draft).BuildAsync();
        var history = await DecisionApi.HistoryAsync(coordinator, region.Slug, draft.Id);

        var response = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-W-1", DecisionType.AdoptProject, draft.Id, DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0)));

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);
        var after = await DecisionApi.ProjectAsync(coordinator, region.Slug, draft.Id);
        Assert.Equal((ProjectStatus.Draft, draft.Version), (after.Status, after.Version));
        Assert.Equal(history.Select(h => (h.Kind, h.ToStatus, h.OccurredAt)), (await DecisionApi.HistoryAsync(coordinator, region.Slug, draft.Id)).Select(h => (h.Kind, h.ToStatus, h.OccurredAt)));
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
    }

    [Fact]
    public async Task Votes_from_absent_seats_twice_from_one_seat_and_a_wrong_project_pairing_are_400()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var absent = MeetingApi.AllAgs(region)[13];

        var fromAbsent = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-V-1", DecisionType.AdoptProject, project.Id, DecisionApi.Votes([absent], yes: 1, no: 0)));
        var twice = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-V-2", DecisionType.AdoptProject, project.Id, DecisionApi.Votes([MeetingApi.AllAgs(region)[1], MeetingApi.AllAgs(region)[1]], yes: 1, no: 1)));
        var generalWithProject = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-V-3", DecisionType.General, project.Id, DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0)));
        var adoptWithoutProject = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-V-4", DecisionType.AdoptProject, null, DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0)));
        var unknownSupersedes = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-V-5", DecisionType.General, null, DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0), supersedes: Guid.CreateVersion7()));

        Assert.Contains("votes", (await fromAbsent.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("votes", (await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("projectId", (await generalWithProject.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("projectId", (await adoptWithoutProject.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("supersedes", (await unknownSupersedes.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        Assert.Equal(ProjectStatus.Proposed, (await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id)).Status);
    }

    [Fact]
    public async Task A_correction_supersedes_the_old_decision_and_a_reused_reference_is_409()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1);
        var votes = DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0);
        var first = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id, DecisionApi.Body("LK-S-1", DecisionType.General, null, votes)))
            .ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var duplicate = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id, DecisionApi.Body("LK-S-1", DecisionType.General, null, votes));
        var correction = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id, DecisionApi.Body("LK-S-2", DecisionType.General, null, votes, first.Id)))
            .ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal(first.Id, correction.Supersedes);
        Assert.Equal([first.Id, correction.Id], (await DecisionApi.ListAsync(coordinator, region.Slug)).Select(d => d.Id));
    }

    [Fact]
    public async Task Concurrent_decisions_on_one_project_apply_exactly_one_effect()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var votes = DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0);

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(n =>
            DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id, DecisionApi.Body($"LK-C-{n}", DecisionType.AdoptProject, project.Id, votes))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await DecisionApi.ListAsync(coordinator, region.Slug));
        var after = await DecisionApi.ProjectAsync(coordinator, region.Slug, project.Id);
        Assert.Equal((ProjectStatus.Adopted, project.Version + 1), (after.Status, after.Version));
    }

    [Fact]
    public async Task A_planned_or_closed_meeting_takes_no_decisions_and_members_and_readers_cannot_record()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(1);
        var votes = DecisionApi.Votes(MeetingApi.AllAgs(region)[..13], yes: 13, no: 0);
        var planned = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/9");
        var plannedItem = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, planned.Id, "TOP 1");

        var member = await region.MemberAsync(MeetingApi.AllAgs(region)[1]);
        var reader = await region.ReaderAsync();
        var body = DecisionApi.Body("LK-P-1", DecisionType.General, null, votes);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecisionApi.RecordAsync(member, region.Slug, meeting.Id, items[0].Id, body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecisionApi.RecordAsync(reader, region.Slug, meeting.Id, items[0].Id, body)).StatusCode);
        await (await DecisionApi.RecordAsync(coordinator, region.Slug, planned.Id, plannedItem.Id, DecisionApi.Body("LK-P-1", DecisionType.General, null, [])))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.NotHeldType);
        await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, plannedItem.Id, body)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        await MeetingApi.CloseAsync(coordinator, region.Slug, meeting.Id);
        await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id, body))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, MeetingLifecycle.ReadOnlyType);
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
    }

    [Fact]
    public async Task A_decision_that_changed_a_project_names_its_new_status_and_version()
    {
        var (region, coordinator, meeting, items) = await HeldMeetingAsync(3);
        var adoptee = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var potential = await new ProjectBuilder(region).WithCategory(ProjectCategory.Potential).InStatus(ProjectStatus.Proposed).BuildAsync();
        var present = MeetingApi.AllAgs(region)[..13];

        var adopt = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[0].Id,
            DecisionApi.Body("LK-2025/1-1", DecisionType.AdoptProject, adoptee.Id, DecisionApi.Votes(present, yes: 13, no: 0)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        var promote = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[1].Id,
            DecisionApi.Body("LK-2025/1-2", DecisionType.PromoteToLead, potential.Id, DecisionApi.Votes(present, yes: 13, no: 0)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        var general = await (await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, items[2].Id,
            DecisionApi.Body("LK-2025/1-3", DecisionType.General, null, DecisionApi.Votes(present, yes: 13, no: 0)))).ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var adopted = await DecisionApi.ProjectAsync(coordinator, region.Slug, adoptee.Id);
        var promoted = await DecisionApi.ProjectAsync(coordinator, region.Slug, potential.Id);
        Assert.Equal(new ProjectEffectResponse(adoptee.Id, ProjectStatus.Adopted, ProjectCategory.Lead, adopted.Version), adopt.ProjectEffect);
        Assert.Equal(new ProjectEffectResponse(potential.Id, ProjectStatus.Proposed, ProjectCategory.Lead, promoted.Version), promote.ProjectEffect);
        Assert.Null(general.ProjectEffect);
        Assert.Equal(adopt.ProjectEffect, (await (await coordinator.GetAsync(GetDecisionRequest.BuildRoute(region.Slug, adopt.Id))).ReadAsync<DecisionResponse>()).ProjectEffect);
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, MeetingResponse Meeting, IReadOnlyList<AgendaItemResponse> Items)> HeldMeetingAsync(int agendaItems, int presentCount = 13)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2025/1");
        var items = new List<AgendaItemResponse>();
        for (var i = 1; i <= agendaItems; i++)
        {
            items.Add(await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, $"TOP {i}"));
        }

        meeting = await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, present: MeetingApi.AllAgs(region)[..presentCount]);
        return (region, coordinator, meeting, items);
    }
}
