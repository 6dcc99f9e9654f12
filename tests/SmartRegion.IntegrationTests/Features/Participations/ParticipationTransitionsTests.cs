using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Participations;

[Collection(SqliteCollection.Name)]
public sealed class ParticipationTransitionsTestsOnSqlite(SqliteApp app) : ParticipationTransitionsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ParticipationTransitionsTestsOnSqlServer(SqlServerApp app) : ParticipationTransitionsTests(app);

/// <summary>
/// The participation lifecycle through <c>POST …/participations/{ags}/transitions</c>: the moves domain.md allows
/// work, all others are 409; committing needs a valid council resolution, an active member and an open project;
/// one lead per project even under races; and a refused request leaves the participation and its history as they were.
/// </summary>
public abstract class ParticipationTransitionsTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";

    private static readonly HashSet<(ParticipationState From, ParticipationState To)> AllowedMoves =
    [
        (ParticipationState.Interested, ParticipationState.PendingCouncil),
        (ParticipationState.PendingCouncil, ParticipationState.Committed),
        (ParticipationState.Interested, ParticipationState.Withdrawn),
        (ParticipationState.PendingCouncil, ParticipationState.Withdrawn),
        (ParticipationState.Committed, ParticipationState.Withdrawn),
        (ParticipationState.Withdrawn, ParticipationState.Interested),
    ];

    private readonly SmartRegionApp app;

    protected ParticipationTransitionsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    public static TheoryData<ParticipationState, ParticipationState> AllPairs()
    {
        var pairs = new TheoryData<ParticipationState, ParticipationState>();
        foreach (var from in Enum.GetValues<ParticipationState>())
        {
            foreach (var to in Enum.GetValues<ParticipationState>())
            {
                pairs.Add(from, to);
            }
        }

        return pairs;
    }

    [Theory]
    [MemberData(nameof(AllPairs), MemberType = typeof(ParticipationTransitionsTests))]
    public async Task A_transition_works_exactly_when_the_lifecycle_allows_it(ParticipationState from, ParticipationState to)
    {
        var (region, _, project) = await ArrangeAsync();
        var (ahlen, actor) = await MemberWithActorAsync(region, region.Ags(Ahlen));
        var before = await ParticipationApi.ArrangeAsync(ahlen, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner, from);
        var historyBefore = await HistoryAsync(ahlen, region, before);
        var resolution = to == ParticipationState.Committed ? Resolution() : null;

        var response = await TransitionAsync(ahlen, region, before, to, "Ratsbeschluss abgewartet", resolution, before.ETag());

        var after = await ParticipationApi.GetAsync(ahlen, region.Slug, project.Id, region.Ags(Ahlen));
        var history = await HistoryAsync(ahlen, region, before);
        if (AllowedMoves.Contains((from, to)))
        {
            var moved = await response.ReadAsync<ParticipationResponse>();
            Assert.Equal((to, before.Version + 1), (moved.State, moved.Version));
            Assert.Equal(Preconditions.ETagFor(before.Version + 1), response.ETag());
            Assert.Equal(moved, after);
            Assert.Equal(historyBefore.Count + 1, history.Count);
            var entry = history[^1];
            Assert.Equal((ParticipationHistoryKinds.Transition, from, to, "Ratsbeschluss abgewartet", actor, moved.UpdatedAt),
                (entry.Kind, entry.FromState, entry.ToState, entry.Reason, entry.Actor, entry.OccurredAt));
            if (to == ParticipationState.Committed)
            {
                Assert.Equal(new CouncilResolution("Rat der Stadt Ahlen", new DateOnly(2024, 11, 7), "VL-40/2024", "https://ratsinfo.ahlen.example/vo0050.asp?__kvonr=4711"),
                    moved.CouncilResolution);
            }
        }
        else
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.TransitionNotAllowedType);
            Assert.Equal(before, after);
            Assert.Equal(Summary(historyBefore), Summary(history));
        }
    }

    [Fact]
    public async Task Committing_without_a_valid_resolution_is_400_and_stores_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var pending = await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        var historyBefore = await HistoryAsync(coordinator, region, pending);
        // Two days ahead is in the future in every time zone.
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(2);

        var cases = new (CouncilResolutionInput? Resolution, string Field)[]
        {
            (null, "councilResolution"),
            (Resolution(date: future), "councilResolution.date"),
            (Resolution(body: string.Empty), "councilResolution.body"),
            (Resolution(body: new string('ä', 201)), "councilResolution.body"),
            (Resolution(reference: "  ".Trim()), "councilResolution.reference"),
            (Resolution(reference: new string('1', 101)), "councilResolution.reference"),
            (Resolution(url: "ratsinfo.ahlen.example/vorlage"), "councilResolution.url"),
            (Resolution(url: "ftp://ratsinfo.ahlen.example/vorlage"), "councilResolution.url"),
            (Resolution(url: "https://ratsinfo.example/" + new string('x', 480)), "councilResolution.url"),
            (new CouncilResolutionInput { Body = "Rat der Stadt Ahlen", Reference = "VL-40/2024" }, "councilResolution.date"),
        };

        foreach (var (resolution, field) in cases)
        {
            var response = await TransitionAsync(coordinator, region, pending, ParticipationState.Committed, null, resolution, pending.ETag());
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal([field], problem.Errors!.Keys);
        }

        Assert.Equal(pending, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        Assert.Equal(Summary(historyBefore), Summary(await HistoryAsync(coordinator, region, pending)));

        var today = await TransitionAsync(coordinator, region, pending, ParticipationState.Committed, null,
            Resolution(date: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1), url: null), pending.ETag());
        Assert.Equal(ParticipationState.Committed, (await today.ReadAsync<ParticipationResponse>()).State);
    }

    [Fact]
    public async Task A_resolution_is_refused_on_every_target_but_committed()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var interested = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);

        foreach (var to in new[] { ParticipationState.PendingCouncil, ParticipationState.Withdrawn, ParticipationState.Interested })
        {
            var response = await TransitionAsync(coordinator, region, interested, to, null, Resolution(), interested.ETag());
            Assert.Equal(["councilResolution"], (await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        }

        var missingTarget = await coordinator.SendRawAsync(HttpMethod.Post, TransitionParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)),
            """{"reason": "ohne Ziel"}""", ifMatch: interested.ETag());
        var tooLong = await TransitionAsync(coordinator, region, interested, ParticipationState.PendingCouncil, new string('ß', 2001), null, interested.ETag());
        Assert.Equal(["to"], (await missingTarget.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Equal(["reason"], (await tooLong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        Assert.Equal(interested, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
    }

    [Fact]
    public async Task Committing_for_a_member_of_another_region_is_404_and_stores_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var otherCoordinator = await other.CoordinatorAsync();
        var steinfurtAgs = other.Ags("084");
        await ParticipationApi.CreateMemberAsync(otherCoordinator, other.Slug, steinfurtAgs, "Stadt Steinfurt");
        var steinfurt = await other.MemberAsync(steinfurtAgs);
        var pending = await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        var historyBefore = await HistoryAsync(coordinator, region, pending);
        var body = new TransitionParticipationRequest { To = ParticipationState.Committed, CouncilResolution = Resolution() };

        var foreignMember = await coordinator.SendJsonAsync(
            HttpMethod.Post, TransitionParticipationRequest.BuildRoute(region.Slug, project.Id, steinfurtAgs), body, pending.ETag());
        var foreignCaller = await steinfurt.SendJsonAsync(
            HttpMethod.Post, TransitionParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)), body, pending.ETag());
        var foreignCoordinator = await otherCoordinator.SendJsonAsync(
            HttpMethod.Post, TransitionParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)), body, pending.ETag());
        var throughOtherSlug = await otherCoordinator.SendJsonAsync(
            HttpMethod.Post, TransitionParticipationRequest.BuildRoute(other.Slug, project.Id, region.Ags(Ahlen)), body, pending.ETag());
        var noParticipation = await coordinator.SendJsonAsync(
            HttpMethod.Post, TransitionParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, pending.ETag());

        foreach (var response in new[] { foreignMember, foreignCaller, foreignCoordinator, throughOtherSlug, noParticipation })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        Assert.Equal(pending, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        Assert.Equal(Summary(historyBefore), Summary(await HistoryAsync(coordinator, region, pending)));
        await (await coordinator.GetAsync(GetParticipationRequest.BuildRoute(region.Slug, project.Id, steinfurtAgs)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task A_deactivated_member_cannot_commit_but_may_withdraw()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var pending = await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        var member = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>();
        await (await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), member.ETag())).ReadAsync<MemberResponse>();
        var historyBefore = await HistoryAsync(coordinator, region, pending);

        var commit = await TransitionAsync(coordinator, region, pending, ParticipationState.Committed, null, Resolution(), pending.ETag());

        await commit.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.MemberInactiveType);
        Assert.Equal(pending, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        Assert.Equal(Summary(historyBefore), Summary(await HistoryAsync(coordinator, region, pending)));
        var withdrawn = await TransitionAsync(coordinator, region, pending, ParticipationState.Withdrawn, "Gemeinde ausgeschieden", null, pending.ETag());
        Assert.Equal(ParticipationState.Withdrawn, (await withdrawn.ReadAsync<ParticipationResponse>()).State);
    }

    [Fact]
    public async Task A_completed_or_discontinued_project_takes_no_commitment()
    {
        var (region, coordinator, _) = await ArrangeAsync();
        var running = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var stopping = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
        var pendingInRunning = await ParticipationApi.ArrangeAsync(coordinator, region.Slug, running.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        var pendingInStopping = await ParticipationApi.ArrangeAsync(coordinator, region.Slug, stopping.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        await (await coordinator.SendJsonAsync(HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, running.Id),
            new TransitionProjectRequest { To = ProjectStatus.Completed }, running.ETag())).ReadAsync<ProjectResponse>();
        await DiscontinueAsync(region, stopping.Id);

        var intoCompleted = await TransitionAsync(coordinator, region, pendingInRunning, ParticipationState.Committed, null, Resolution(), pendingInRunning.ETag());
        var intoDiscontinued = await TransitionAsync(coordinator, region, pendingInStopping, ParticipationState.Committed, null, Resolution(), pendingInStopping.ETag());

        await intoCompleted.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.ProjectClosedType);
        await intoDiscontinued.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.ProjectClosedType);
        Assert.Equal(pendingInRunning, await ParticipationApi.GetAsync(coordinator, region.Slug, running.Id, region.Ags(Ahlen)));
        Assert.Equal(pendingInStopping, await ParticipationApi.GetAsync(coordinator, region.Slug, stopping.Id, region.Ags(Ahlen)));
    }

    [Fact]
    public async Task Withdrawing_keeps_the_resolution_and_becoming_interested_again_clears_it()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var committed = await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner, resolution: Resolution());

        var withdrawn = await ParticipationApi.MoveAsync(coordinator, region.Slug, committed, ParticipationState.Withdrawn, reason: "Haushaltssperre");
        var again = await ParticipationApi.MoveAsync(coordinator, region.Slug, withdrawn, ParticipationState.Interested, reason: "Neuer Anlauf");

        Assert.NotNull(committed.CouncilResolution);
        Assert.Equal(committed.CouncilResolution, withdrawn.CouncilResolution);
        Assert.Null(again.CouncilResolution);
        Assert.Equal(again, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        var history = await HistoryAsync(coordinator, region, again);
        Assert.Equal(
            [
                (ParticipationHistoryKinds.Created, null, ParticipationState.Interested, null),
                (ParticipationHistoryKinds.Transition, ParticipationState.Interested, ParticipationState.PendingCouncil, null),
                (ParticipationHistoryKinds.Transition, ParticipationState.PendingCouncil, ParticipationState.Committed, null),
                (ParticipationHistoryKinds.Transition, ParticipationState.Committed, ParticipationState.Withdrawn, "Haushaltssperre"),
                ((string, ParticipationState?, ParticipationState?, string?))(ParticipationHistoryKinds.Transition, ParticipationState.Withdrawn, ParticipationState.Interested, "Neuer Anlauf"),
            ],
            history.Select(e => (e.Kind, e.FromState, e.ToState, e.Reason)));
    }

    [Fact]
    public async Task A_transition_needs_the_current_If_Match()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var interested = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);

        var missing = await TransitionAsync(coordinator, region, interested, ParticipationState.PendingCouncil, null, null, ifMatch: null);
        var stale = await TransitionAsync(coordinator, region, interested, ParticipationState.PendingCouncil, null, null, Preconditions.ETagFor(interested.Version + 3));

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        Assert.Equal(interested, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
    }

    [Fact]
    public async Task A_member_moves_only_its_own_participation_readers_and_admins_none()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var beckums = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);

        var byOtherMember = await TransitionAsync(ahlen, region, beckums, ParticipationState.PendingCouncil, null, null, beckums.ETag());
        var byReader = await TransitionAsync(await region.ReaderAsync(), region, beckums, ParticipationState.PendingCouncil, null, null, beckums.ETag());
        var byAdmin = await TransitionAsync(app.Admin(), region, beckums, ParticipationState.PendingCouncil, null, null, beckums.ETag());

        await byOtherMember.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
        await byReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await byAdmin.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(beckums, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum)));
        var byCoordinator = await TransitionAsync(coordinator, region, beckums, ParticipationState.PendingCouncil, "aus der Sitzung", null, beckums.ETag());
        Assert.Equal(ParticipationState.PendingCouncil, (await byCoordinator.ReadAsync<ParticipationResponse>()).State);
    }

    [Fact]
    public async Task A_project_has_at_most_one_lead_and_a_withdrawn_lead_frees_the_slot()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var ahlensLead = await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        var beckumsPartnership = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        var leadRoute = (string ags) => PutParticipationRequest.BuildRoute(region.Slug, project.Id, ags);

        var secondLead = await coordinator.PutJsonAsync(leadRoute(region.Ags(Beelen)), new PutParticipationRequest { Role = ParticipationRole.Lead }, ifMatch: null);
        var promoted = await coordinator.PutJsonAsync(leadRoute(region.Ags(Beckum)), new PutParticipationRequest { Role = ParticipationRole.Lead }, beckumsPartnership.ETag());

        await secondLead.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.LeadTakenType);
        await promoted.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.LeadTakenType);
        await (await coordinator.GetAsync(leadRoute(region.Ags(Beelen)))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(beckumsPartnership, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum)));

        // Ahlen hands over: its withdrawn lead no longer holds the slot, so Beckum may take it.
        var ahlenWithdrawn = await ParticipationApi.MoveAsync(coordinator, region.Slug, ahlensLead, ParticipationState.Withdrawn);
        var beckumsLead = await (await coordinator.PutJsonAsync(leadRoute(region.Ags(Beckum)), new PutParticipationRequest { Role = ParticipationRole.Lead }, beckumsPartnership.ETag()))
            .ReadAsync<ParticipationResponse>();
        var ahlenBack = await TransitionAsync(coordinator, region, ahlenWithdrawn, ParticipationState.Interested, null, null, ahlenWithdrawn.ETag());

        Assert.Equal(ParticipationRole.Lead, beckumsLead.Role);
        await ahlenBack.ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.LeadTakenType);
        Assert.Equal(ahlenWithdrawn, await ParticipationApi.GetAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen)));
        // As a partner Ahlen may come back; replacing a withdrawn participation's role needs no free lead slot.
        var asPartner = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);
        Assert.Equal(ParticipationState.Interested, (await ParticipationApi.MoveAsync(coordinator, region.Slug, asPartner, ParticipationState.Interested)).State);
    }

    [Fact]
    public async Task Two_members_committing_to_the_same_project_at_the_same_moment_both_succeed()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var beckum = await region.MemberAsync(region.Ags(Beckum));
        var beelen = await region.MemberAsync(region.Ags(Beelen));
        var pending = await Task.WhenAll(
            ParticipationApi.ArrangeAsync(ahlen, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead, ParticipationState.PendingCouncil),
            ParticipationApi.ArrangeAsync(beckum, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, ParticipationState.PendingCouncil),
            ParticipationApi.ArrangeAsync(beelen, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Partner, ParticipationState.PendingCouncil));

        var responses = await Task.WhenAll(
            TransitionAsync(ahlen, region, pending[0], ParticipationState.Committed, null, Resolution(), pending[0].ETag()),
            TransitionAsync(beckum, region, pending[1], ParticipationState.Committed, null, Resolution(body: "Rat der Stadt Beckum"), pending[1].ETag()),
            TransitionAsync(beelen, region, pending[2], ParticipationState.Committed, null, Resolution(body: "Rat der Gemeinde Beelen"), pending[2].ETag()));

        foreach (var response in responses)
        {
            Assert.Equal(ParticipationState.Committed, (await response.ReadAsync<ParticipationResponse>()).State);
        }

        var committed = await (await coordinator.GetAsync($"{ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id)}?state=committed"))
            .ReadAsync<Page<ParticipationResponse>>();
        Assert.Equal([region.Ags(Ahlen), region.Ags(Beckum), region.Ags(Beelen)], committed.Items.Select(p => p.Ags));
    }

    [Fact]
    public async Task Two_members_becoming_lead_at_the_same_moment_leave_exactly_one_lead()
    {
        var (region, coordinator, _) = await ArrangeAsync();
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var beckum = await region.MemberAsync(region.Ags(Beckum));

        for (var round = 0; round < 5; round++)
        {
            var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
            var body = new PutParticipationRequest { Role = ParticipationRole.Lead };
            // Odd rounds race two new participations, even rounds two partners promoted by replacement.
            var ifMatch = new Dictionary<string, string?> { [region.Ags(Ahlen)] = null, [region.Ags(Beckum)] = null };
            if (round % 2 == 0)
            {
                ifMatch[region.Ags(Ahlen)] = (await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner)).ETag();
                ifMatch[region.Ags(Beckum)] = (await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner)).ETag();
            }

            var responses = await Task.WhenAll(
                ahlen.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen)), body, ifMatch[region.Ags(Ahlen)]),
                beckum.PutJsonAsync(PutParticipationRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum)), body, ifMatch[region.Ags(Beckum)]));

            var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
            var won = responses.Count(r => r.IsSuccessStatusCode);
            Assert.True(won == 1, $"Round {round}: expected exactly one winner, got {string.Join(", ", responses.Select((r, i) => $"{(int)r.StatusCode} {bodies[i]}"))}");
            await responses.Single(r => !r.IsSuccessStatusCode).ShouldBeProblemAsync(HttpStatusCode.Conflict, ParticipationLifecycle.LeadTakenType);
            var leads = await (await coordinator.GetAsync($"{ListProjectParticipationsRequest.BuildRoute(region.Slug, project.Id)}?role=lead"))
                .ReadAsync<Page<ParticipationResponse>>();
            Assert.Single(leads.Items);
        }
    }

    [Fact]
    public async Task History_is_paged_oldest_first()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var committed = await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);
        var route = ListParticipationHistoryRequest.BuildRoute(region.Slug, project.Id, region.Ags(Ahlen));

        var first = await (await coordinator.GetAsync($"{route}?limit=2")).ReadAsync<Page<ParticipationHistoryEntryResponse>>();
        var second = await (await (await region.ReaderAsync()).GetAsync($"{route}?limit=2&cursor={first.NextCursor}")).ReadAsync<Page<ParticipationHistoryEntryResponse>>();

        Assert.Equal([ParticipationState.Interested, ParticipationState.PendingCouncil], first.Items.Select(e => e.ToState!.Value));
        Assert.Equal([ParticipationState.Committed], second.Items.Select(e => e.ToState!.Value));
        Assert.Null(second.NextCursor);
        Assert.Equal(committed.UpdatedAt, second.Items[0].OccurredAt);
        await (await coordinator.GetAsync(ListParticipationHistoryRequest.BuildRoute(region.Slug, project.Id, region.Ags(Beckum))))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    private static CouncilResolutionInput Resolution(
        string body = "Rat der Stadt Ahlen", DateOnly? date = null, string reference = "VL-40/2024", string? url = "https://ratsinfo.ahlen.example/vo0050.asp?__kvonr=4711") =>
        new() { Body = body, Date = date ?? new DateOnly(2024, 11, 7), Reference = reference, Url = url };

    /// <summary>A region with Ahlen, Beckum and Beelen and an adopted project.</summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, ProjectResponse Project)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beelen), "Gemeinde Beelen");
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
        return (region, coordinator, project);
    }

    /// <summary>Discontinues a project the way a Lenkungskreis decision does (the API has no explicit move there).</summary>
    private static async Task DiscontinueAsync(TestRegion region, Guid projectId)
    {
        var db = region.App.Service<SmartRegion.Api.Data.SmartRegionDb>();
        var now = region.App.Service<Clock>().Now();
        await db.InTransactionAsync(
            async session =>
            {
                var regionId = (await session.QuerySingleOrDefaultAsync<SmartRegion.Api.Features.Regions.RegionRow>(
                    SmartRegion.Api.Features.Regions.RegionsSql.GetBySlug, new { region.Slug }))!.Id;
                var project = (await ProjectsSql.LoadAsync(session, regionId, projectId))!.Project;
                await ProjectTransitions.ChangeStatusAsync(session, project, ProjectStatus.Discontinued, "Beschluss des Lenkungskreises", ProjectBuilder.Actor, now, Guid.CreateVersion7());
            },
            CancellationToken.None);
    }

    private static async Task<(HttpClient Client, string Actor)> MemberWithActorAsync(TestRegion region, string ags)
    {
        var key = await region.App.Keys.CreateAsync(RoleNames.Member, region.Slug, ags, "test member", CancellationToken.None);
        return (region.App.WithKey(key.Key), $"apikey:{key.Id:D}");
    }

    private static Task<HttpResponseMessage> TransitionAsync(
        HttpClient client, TestRegion region, ParticipationResponse participation, ParticipationState to, string? reason, CouncilResolutionInput? resolution, string? ifMatch) =>
        client.SendJsonAsync(
            HttpMethod.Post,
            TransitionParticipationRequest.BuildRoute(region.Slug, participation.ProjectId, participation.Ags),
            new TransitionParticipationRequest { To = to, Reason = reason, CouncilResolution = resolution },
            ifMatch);

    // History entries hold a list, so records compare by reference; their scalar fields say all a refused request could change.
    private static List<(string, ParticipationState?, ParticipationState?, string?, string, DateTimeOffset)> Summary(IEnumerable<ParticipationHistoryEntryResponse> history) =>
        history.Select(e => (e.Kind, e.FromState, e.ToState, e.Reason, e.Actor, e.OccurredAt)).ToList();

    private static async Task<IReadOnlyList<ParticipationHistoryEntryResponse>> HistoryAsync(HttpClient client, TestRegion region, ParticipationResponse participation) =>
        (await (await client.GetAsync($"{ListParticipationHistoryRequest.BuildRoute(region.Slug, participation.ProjectId, participation.Ags)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<ParticipationHistoryEntryResponse>>()).Items;
}
