using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectTransitionsTestsOnSqlite(SqliteApp app) : ProjectTransitionsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectTransitionsTestsOnSqlServer(SqlServerApp app) : ProjectTransitionsTests(app);

/// <summary>
/// The project lifecycle through <c>POST …/transitions</c>: the explicit moves work, the ones that need a
/// Lenkungskreis decision and all others are 409, and a refused or lost request leaves the project as it was.
/// </summary>
public abstract class ProjectTransitionsTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";

    private static readonly HashSet<(ProjectStatus From, ProjectStatus To)> ExplicitMoves =
    [
        (ProjectStatus.Draft, ProjectStatus.Proposed),
        (ProjectStatus.Adopted, ProjectStatus.InImplementation),
        (ProjectStatus.InImplementation, ProjectStatus.Completed),
        (ProjectStatus.Proposed, ProjectStatus.OnHold),
        (ProjectStatus.Adopted, ProjectStatus.OnHold),
        (ProjectStatus.InImplementation, ProjectStatus.OnHold),
        // The arranged on_hold project left proposed, and goes back only there.
        (ProjectStatus.OnHold, ProjectStatus.Proposed),
    ];

    private readonly SmartRegionApp app;

    protected ProjectTransitionsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    public static TheoryData<ProjectStatus, ProjectStatus> AllPairs()
    {
        var pairs = new TheoryData<ProjectStatus, ProjectStatus>();
        foreach (var from in Enum.GetValues<ProjectStatus>())
        {
            foreach (var to in Enum.GetValues<ProjectStatus>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(AllPairs), MemberType = typeof(ProjectTransitionsTests))]
    public async Task A_coordinators_transition_works_exactly_when_the_lifecycle_allows_it_without_a_decision(ProjectStatus from, ProjectStatus to)
    {
        var region = await app.NewRegionAsync();
        var (coordinator, actor) = await CoordinatorAsync(region);
        var before = await new ProjectBuilder(region).InStatus(from, leftFrom: from == ProjectStatus.OnHold ? ProjectStatus.Proposed : null).BuildAsync();
        var historyBefore = await HistoryAsync(coordinator, region, before.Id);

        var response = await TransitionAsync(coordinator, region, before, to, "Beschluss der Arbeitsgruppe", before.ETag());

        var after = await GetAsync(coordinator, region, before.Id);
        var history = await HistoryAsync(coordinator, region, before.Id);
        var (status, problemType) = Expected(from, to);
        if (status == HttpStatusCode.OK)
        {
            var moved = await response.ReadAsync<ProjectResponse>();
            Assert.Equal(to, moved.Status);
            Assert.Equal(before.Version + 1, moved.Version);
            Assert.Equal(Preconditions.ETagFor(before.Version + 1), response.ETag());
            Assert.Equal((to, moved.Version, moved.UpdatedAt), (after.Status, after.Version, after.UpdatedAt));
            Assert.Equal(historyBefore.Count + 1, history.Count);
            var entry = history[^1];
            Assert.Equal((ProjectHistoryKinds.Transition, from, to, "Beschluss der Arbeitsgruppe", actor, moved.UpdatedAt),
                (entry.Kind, entry.FromStatus, entry.ToStatus, entry.Reason, entry.Actor, entry.OccurredAt));
            Assert.Null(entry.DecisionId);
        }
        else
        {
            await response.ShouldBeProblemAsync(status, problemType);
            Assert.Equal((before.Status, before.Version, before.UpdatedAt), (after.Status, after.Version, after.UpdatedAt));
            Assert.Equal(historyBefore.Count, history.Count);
        }
    }

    [Fact]
    public async Task On_hold_returns_only_to_the_state_it_left()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var adopted = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
        var held = await new ProjectBuilder(region).InStatus(ProjectStatus.OnHold, leftFrom: ProjectStatus.Adopted).BuildAsync();

        var onHold = await (await TransitionAsync(coordinator, region, adopted, ProjectStatus.OnHold, "Haushaltssperre", adopted.ETag())).ReadAsync<ProjectResponse>();
        var back = await TransitionAsync(coordinator, region, onHold, ProjectStatus.Adopted, "Haushaltssperre aufgehoben", onHold.ETag());
        var skipAhead = await TransitionAsync(coordinator, region, held, ProjectStatus.InImplementation, null, held.ETag());
        var elsewhere = await TransitionAsync(coordinator, region, held, ProjectStatus.Proposed, null, held.ETag());

        // Going back to adopted restores the earlier decision's result; it needs no new decision.
        Assert.Equal(ProjectStatus.Adopted, (await back.ReadAsync<ProjectResponse>()).Status);
        await skipAhead.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);
        await elsewhere.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);
        var unchanged = await GetAsync(coordinator, region, held.Id);
        Assert.Equal((ProjectStatus.OnHold, held.Version), (unchanged.Status, unchanged.Version));
    }

    [Fact]
    public async Task Concurrent_transitions_with_the_same_If_Match_let_exactly_one_win_and_give_the_other_412()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var projects = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildManyAsync(5, "RACE-");

        foreach (var project in projects)
        {
            var historyBefore = await HistoryAsync(coordinator, region, project.Id);
            var start = TransitionAsync(coordinator, region, project, ProjectStatus.InImplementation, "Auftrag vergeben", project.ETag());
            var hold = TransitionAsync(coordinator, region, project, ProjectStatus.OnHold, "Vergabe gerügt", project.ETag());
            var responses = await Task.WhenAll(start, hold);

            var statuses = responses.Select(r => r.StatusCode).Order().ToArray();
            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            Assert.True(
                statuses.SequenceEqual([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed]),
                $"Expected one 200 and one 412, got {string.Join(", ", responses.Select((r, i) => $"{(int)r.StatusCode} {bodies[i]}"))}");
            var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<ProjectResponse>();
            await responses.Single(r => r.StatusCode != HttpStatusCode.OK).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
            var stored = await GetAsync(coordinator, region, project.Id);
            Assert.Equal((winner.Status, project.Version + 1), (stored.Status, stored.Version));
            Assert.Equal(historyBefore.Count + 1, (await HistoryAsync(coordinator, region, project.Id)).Count);
        }
    }

    [Fact]
    public async Task A_transition_needs_the_current_If_Match_and_a_missing_or_stale_one_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Draft).BuildAsync();

        var missing = await TransitionAsync(coordinator, region, project, ProjectStatus.Proposed, null, ifMatch: null);
        var stale = await TransitionAsync(coordinator, region, project, ProjectStatus.Proposed, null, Preconditions.ETagFor(project.Version + 7));
        // If-Match compares strongly (RFC 9110), so a weak tag of the current version matches nothing.
        var weak = await TransitionAsync(coordinator, region, project, ProjectStatus.Proposed, null, "W/" + Preconditions.ETagFor(project.Version));

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        await weak.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        await AssertUnchangedAsync(coordinator, region, project);
    }

    [Fact]
    public async Task Readers_and_admins_may_not_transition_a_project()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Draft).BuildAsync();

        var byReader = await TransitionAsync(await region.ReaderAsync(), region, project, ProjectStatus.Proposed, null, project.ETag());
        var byAdmin = await TransitionAsync(app.Admin(), region, project, ProjectStatus.Proposed, null, project.ETag());

        await byReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await byAdmin.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await AssertUnchangedAsync(coordinator, region, project);
    }

    [Fact]
    public async Task A_member_proposes_its_own_draft_but_moves_nothing_else()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        await CreateMemberAsync(coordinator, region, region.Ags(Ahlen), "Stadt Ahlen");
        await CreateMemberAsync(coordinator, region, region.Ags(Beckum), "Stadt Beckum");
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var ownDraft = await new ProjectBuilder(region).ProposedBy(region.Ags(Ahlen)).BuildAsync();
        var ownSecondDraft = await new ProjectBuilder(region).ProposedBy(region.Ags(Ahlen)).BuildAsync();
        var beckumsProposal = await new ProjectBuilder(region).ProposedBy(region.Ags(Beckum)).InStatus(ProjectStatus.Proposed).BuildAsync();
        var beckumsDraft = await new ProjectBuilder(region).ProposedBy(region.Ags(Beckum)).BuildAsync();

        var proposed = await TransitionAsync(ahlen, region, ownDraft, ProjectStatus.Proposed, "Bitte im Lenkungskreis beraten", ownDraft.ETag());
        var holdOthers = await TransitionAsync(ahlen, region, beckumsProposal, ProjectStatus.OnHold, null, beckumsProposal.ETag());
        var proposeOthers = await TransitionAsync(ahlen, region, beckumsDraft, ProjectStatus.Proposed, null, beckumsDraft.ETag());
        // Withdrawing a draft is the coordinator's (or a decision's) call, not a member's transition.
        var discontinueOwn = await TransitionAsync(ahlen, region, ownSecondDraft, ProjectStatus.Discontinued, null, ownSecondDraft.ETag());

        Assert.Equal(ProjectStatus.Proposed, (await proposed.ReadAsync<ProjectResponse>()).Status);
        await holdOthers.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await proposeOthers.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await discontinueOwn.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await AssertUnchangedAsync(coordinator, region, beckumsProposal);
        await AssertUnchangedAsync(coordinator, region, beckumsDraft);
        await AssertUnchangedAsync(coordinator, region, ownSecondDraft);
    }

    [Fact]
    public async Task Another_regions_project_or_an_unknown_one_is_404()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).BuildAsync();

        var fromOtherRegion = await TransitionAsync(await other.CoordinatorAsync(), region, project, ProjectStatus.Proposed, null, project.ETag());
        var throughOtherSlug = await (await other.CoordinatorAsync()).SendJsonAsync(
            HttpMethod.Post, TransitionProjectRequest.BuildRoute(other.Slug, project.Id), new TransitionProjectRequest { To = ProjectStatus.Proposed }, project.ETag());
        var unknown = await coordinator.SendJsonAsync(
            HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, Guid.CreateVersion7()), new TransitionProjectRequest { To = ProjectStatus.Proposed }, project.ETag());

        await fromOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await throughOtherSlug.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await AssertUnchangedAsync(coordinator, region, project);
    }

    [Fact]
    public async Task An_unknown_or_missing_target_or_a_too_long_reason_is_400_and_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).BuildAsync();
        var route = TransitionProjectRequest.BuildRoute(region.Slug, project.Id);

        var unknown = await coordinator.SendRawAsync(HttpMethod.Post, route, """{"to": "archived"}""", ifMatch: project.ETag());
        var number = await coordinator.SendRawAsync(HttpMethod.Post, route, """{"to": 1}""", ifMatch: project.ETag());
        var missing = await coordinator.SendRawAsync(HttpMethod.Post, route, """{"reason": "ohne Ziel"}""", ifMatch: project.ETag());
        var tooLong = await TransitionAsync(coordinator, region, project, ProjectStatus.Proposed, new string('ä', 2001), project.ETag());

        await unknown.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await number.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["to"], (await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Equal(["reason"], (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        await AssertUnchangedAsync(coordinator, region, project);
    }

    [Fact]
    public async Task A_reason_of_2000_characters_with_umlauts_is_kept_unchanged()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).BuildAsync();
        const string Prefix = "„Gemäß Beschluss“ – ";
        var reason = Prefix + new string('ß', TransitionProjectValidator.ReasonMaxLength - Prefix.Length);

        var response = await TransitionAsync(coordinator, region, project, ProjectStatus.Proposed, reason, project.ETag());

        Assert.Equal(ProjectStatus.Proposed, (await response.ReadAsync<ProjectResponse>()).Status);
        Assert.Equal(reason, (await HistoryAsync(coordinator, region, project.Id))[^1].Reason);
    }

    /// <summary>The outcome domain.md prescribes for a coordinator's explicit transition (on_hold having left proposed).</summary>
    private static (HttpStatusCode Status, string? ProblemType) Expected(ProjectStatus from, ProjectStatus to)
    {
        if (from is ProjectStatus.Completed or ProjectStatus.Discontinued)
        {
            return (HttpStatusCode.Conflict, ProjectLifecycle.ProjectClosedType);
        }

        if (ExplicitMoves.Contains((from, to)))
        {
            return (HttpStatusCode.OK, null);
        }

        return to == ProjectStatus.Discontinued || (from, to) == (ProjectStatus.Proposed, ProjectStatus.Adopted)
            ? (HttpStatusCode.Conflict, ProjectLifecycle.DecisionRequiredType)
            : (HttpStatusCode.Conflict, ProjectLifecycle.TransitionNotAllowedType);
    }

    private static async Task<(HttpClient Client, string Actor)> CoordinatorAsync(TestRegion region)
    {
        var key = await region.App.Keys.CreateAsync(RoleNames.Coordinator, region.Slug, null, "test coordinator", CancellationToken.None);
        return (region.App.WithKey(key.Key), $"apikey:{key.Id:D}");
    }

    private static async Task CreateMemberAsync(HttpClient coordinator, TestRegion region, string ags, string name)
    {
        var response = await coordinator.PostJsonAsync(
            CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ags, Kind = MemberKind.Municipality, Name = name });
        await response.ReadAsync<MemberResponse>(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> TransitionAsync(
        HttpClient client, TestRegion region, ProjectResponse project, ProjectStatus to, string? reason, string? ifMatch) =>
        client.SendJsonAsync(
            HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, project.Id), new TransitionProjectRequest { To = to, Reason = reason }, ifMatch);

    private static async Task<ProjectResponse> GetAsync(HttpClient client, TestRegion region, Guid id) =>
        await (await client.GetAsync(GetProjectRequest.BuildRoute(region.Slug, id))).ReadAsync<ProjectResponse>();

    private static async Task<IReadOnlyList<ProjectHistoryEntryResponse>> HistoryAsync(HttpClient client, TestRegion region, Guid id) =>
        (await (await client.GetAsync($"{ListProjectHistoryRequest.BuildRoute(region.Slug, id)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items;

    private static async Task AssertUnchangedAsync(HttpClient client, TestRegion region, ProjectResponse before)
    {
        var after = await GetAsync(client, region, before.Id);
        Assert.Equal((before.Status, before.Version, before.UpdatedAt), (after.Status, after.Version, after.UpdatedAt));
        var history = await HistoryAsync(client, region, before.Id);
        Assert.DoesNotContain(history, entry => entry.OccurredAt > before.UpdatedAt);
    }
}
