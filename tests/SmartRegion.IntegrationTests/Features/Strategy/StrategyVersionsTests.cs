using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Strategy;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Strategy;

[Collection(SqliteCollection.Name)]
public sealed class StrategyVersionsTestsOnSqlite(SqliteApp app) : StrategyVersionsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class StrategyVersionsTestsOnSqlServer(SqlServerApp app) : StrategyVersionsTests(app);

/// <summary>
/// Strategy versions: edited as drafts, put into consultation with a snapshot of fields of action and projects,
/// approved only by an adopted approve_strategy decision that names them, superseded by the next approval, compared
/// item by item.
/// </summary>
public abstract class StrategyVersionsTests
{
    private readonly SmartRegionApp app;

    protected StrategyVersionsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_draft_is_edited_with_if_match_consulted_with_a_snapshot_and_approved_only_by_the_adopted_decision()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, meeting, item) = await StrategyApi.HeldMeetingAsync(region);
        var project = await new ProjectBuilder(region).WithCode("LP-01").InStatus(ProjectStatus.Proposed).BuildAsync();
        var reader = await region.ReaderAsync();

        var response = await coordinator.PostJsonAsync(CreateStrategyVersionRequest.BuildRoute(region.Slug), StrategyApi.NewVersion("Beta"));
        var created = await response.ReadAsync<StrategyVersionResponse>(HttpStatusCode.Created);
        Assert.Equal(GetStrategyVersionRequest.BuildRoute(region.Slug, created.Id), response.Headers.Location?.OriginalString);
        Assert.Equal((StrategyState.Draft, 1, (DateTimeOffset?)null), (created.State, created.Version, created.SnapshotTakenAt));
        Assert.Equal(["Gemeinwohl", "Offenheit"], created.Values.Select(v => v.Name));
        Assert.Equal((40m, 90m, 2030), (created.Goals[0].Indicators[0].Baseline, created.Goals[0].Indicators[0].Target, created.Goals[0].Indicators[0].TargetYear));
        Assert.Equal([project.Id], created.Projects.Select(p => p.Id));

        var route = UpdateStrategyVersionRequest.BuildRoute(region.Slug, created.Id);
        var edit = StrategyApi.AsUpdate(created) with { Vision = "Eine „smarte“ Region für alle – überall." };
        await (await coordinator.PutJsonAsync(route, edit, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await coordinator.PutJsonAsync(route, edit, "\"7\"")).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var edited = await (await coordinator.PutJsonAsync(route, edit, created.ETag())).ReadAsync<StrategyVersionResponse>();
        Assert.Equal(("Eine „smarte“ Region für alle – überall.", 2), (edited.Vision, edited.Version));
        Assert.Equal(created.Goals.Select(g => g.Id), edited.Goals.Select(g => g.Id));

        var toApproved = await coordinator.SendJsonAsync(HttpMethod.Post, TransitionStrategyVersionRequest.BuildRoute(region.Slug, created.Id),
            new TransitionStrategyVersionRequest { To = StrategyState.Approved }, edited.ETag());
        await toApproved.ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.TransitionNotAllowedType);
        var consulted = await StrategyApi.ConsultAsync(coordinator, region.Slug, edited);
        Assert.Equal((StrategyState.InConsultation, 3), (consulted.State, consulted.Version));
        Assert.NotNull(consulted.SnapshotTakenAt);
        var snapshot = Assert.Single(consulted.Projects);
        Assert.Equal(("LP-01", ProjectStatus.Proposed, ProjectCategory.Lead), (snapshot.Code, snapshot.Status, snapshot.Category));
        await (await coordinator.PutJsonAsync(route, StrategyApi.AsUpdate(consulted), consulted.ETag()))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.NotEditableType);
        await (await reader.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        // A project changed after the snapshot does not change the version.
        await new ProjectBuilder(region).WithCode("LP-02").BuildAsync();
        Assert.Single((await StrategyApi.GetAsync(reader, region.Slug, created.Id)).Projects);

        var decision = await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2025/1-1", created.Id)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal((DecisionResult.Adopted, (Guid?)created.Id), (decision.Result, decision.StrategyVersionId));
        var approved = await StrategyApi.GetAsync(reader, region.Slug, created.Id);
        Assert.Equal((StrategyState.Approved, (Guid?)decision.Id, "LK-2025/1-1", (DateTimeOffset?)decision.DecidedAt, 4),
            (approved.State, approved.ApprovalDecisionId, approved.ApprovalReference, approved.ApprovedAt, approved.Version));
        StrategyApi.AssertSame(approved, await (await reader.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ReadAsync<StrategyVersionResponse>());
        StrategyApi.AssertSame(approved, await (await reader.GetAsync(GetCurrentStrategyVersionRequest.BuildRoute(region.Slug))).ReadAsync<StrategyVersionResponse>());

        var changes = (await (await reader.GetAsync(ListChangesRequest.BuildRoute(region.Slug) + "?limit=200")).ReadAsync<Page<ChangeResponse>>()).Items
            .Where(change => change.EntityType == StrategySql.EntityType).ToList();
        Assert.Equal(["created", "updated", "consultation_started", "approved"], changes.Select(change => change.Kind));
        Assert.Equal([1, 2, 3, 4], changes.Select(change => change.Version!.Value));
        Assert.All(changes, change => Assert.Equal(GetStrategyVersionRequest.BuildRoute(region.Slug, created.Id), change.Url));
    }

    [Fact]
    public async Task A_refused_decision_stores_nothing_and_a_rejected_one_leaves_the_version_unchanged()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, meeting, item) = await StrategyApi.HeldMeetingAsync(region);
        var draft = await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("Beta"));
        var consulted = await StrategyApi.ConsultAsync(coordinator, region.Slug, await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("1.0")));

        var onDraft = await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2025/1-1", draft.Id);
        var withoutVersion = await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2025/1-2", null);
        var unknownVersion = await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2025/1-3", Guid.CreateVersion7());
        var generalNamingVersion = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, item.Id,
            DecisionApi.Body("LK-2025/1-4", DecisionType.General, null, DecisionApi.Votes(Meetings.MeetingApi.AllAgs(region)[..13], yes: 13, no: 0)) with { StrategyVersionId = consulted.Id });

        await onDraft.ShouldBeProblemAsync(HttpStatusCode.Conflict, StrategyLifecycle.TransitionNotAllowedType);
        Assert.Contains("strategyVersionId", (await withoutVersion.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("strategyVersionId", (await unknownVersion.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("strategyVersionId", (await generalNamingVersion.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Empty(await DecisionApi.ListAsync(coordinator, region.Slug));
        StrategyApi.AssertSame(draft, await StrategyApi.GetAsync(coordinator, region.Slug, draft.Id));

        // One "no" rejects an approve_strategy decision (unanimity): the decision is the record, the version stays as it was.
        var rejected = await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2025/1-1", consulted.Id, no: 1)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);
        Assert.Equal(DecisionResult.Rejected, rejected.Result);
        StrategyApi.AssertSame(consulted, await StrategyApi.GetAsync(coordinator, region.Slug, consulted.Id));
        Assert.Equal([rejected.Id], (await DecisionApi.ListAsync(coordinator, region.Slug)).Select(d => d.Id));
        await (await coordinator.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Approving_a_version_created_from_the_approved_one_supersedes_it_and_reads_follow_the_approval()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, meeting, item) = await StrategyApi.HeldMeetingAsync(region);
        var first = await StrategyApi.ConsultAsync(coordinator, region.Slug, await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("1.0")));
        await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-1", first.Id)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var copy = await StrategyApi.CreateAsync(coordinator, region.Slug, new CreateStrategyVersionRequest { Label = "1.1", From = first.Id });
        Assert.Equal((first.Id, StrategyState.Draft), (copy.BasedOn!.Value, copy.State));
        Assert.Equal((first.Vision, first.Leitbild), (copy.Vision, copy.Leitbild));
        Assert.Equal(first.Values, copy.Values);
        Assert.Equal(first.Goals.SelectMany(g => g.Indicators).Select(i => i.Id), copy.Goals.SelectMany(g => g.Indicators).Select(i => i.Id));
        Assert.Equal(StrategyState.Approved, (await (await coordinator.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ReadAsync<StrategyVersionResponse>()).State);

        var second = await StrategyApi.ConsultAsync(coordinator, region.Slug, copy);
        var decision = await (await StrategyApi.DecideAsync(coordinator, region, meeting, item, "LK-2", second.Id)).ReadAsync<DecisionResponse>(HttpStatusCode.Created);

        var old = await StrategyApi.GetAsync(coordinator, region.Slug, first.Id);
        Assert.Equal(StrategyState.Superseded, old.State);
        Assert.NotNull(old.SupersededAt);
        var current = await (await coordinator.GetAsync(GetStrategyRequest.BuildRoute(region.Slug))).ReadAsync<StrategyVersionResponse>();
        Assert.Equal((second.Id, StrategyState.Approved, (Guid?)decision.Id), (current.Id, current.State, current.ApprovalDecisionId));
        Assert.Equal([first.Id], (await StrategyApi.ListAsync(coordinator, region.Slug, "?state=superseded")).Select(v => v.Id));
        Assert.Equal([first.Id, second.Id], (await StrategyApi.ListAsync(coordinator, region.Slug)).Select(v => v.Id));
        var paged = await coordinator.GetAsync(ListStrategyVersionsRequest.BuildRoute(region.Slug) + "?limit=1");
        var page = await paged.ReadAsync<Page<StrategyVersionResponse>>();
        Assert.Equal(first.Id, Assert.Single(page.Items).Id);
        var next = await (await coordinator.GetAsync(ListStrategyVersionsRequest.BuildRoute(region.Slug) + $"?limit=1&cursor={page.NextCursor}")).ReadAsync<Page<StrategyVersionResponse>>();
        Assert.Equal((second.Id, (string?)null), (Assert.Single(next.Items).Id, next.NextCursor));
    }

    [Fact]
    public async Task The_diff_lists_exactly_the_changes_made_item_by_item_and_field_by_field()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await (await coordinator.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "Digitale Infrastruktur" }))
            .ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);
        var kept = await new ProjectBuilder(region).WithCode("LP-01").InFieldOfAction(field.Id).InStatus(ProjectStatus.Proposed).BuildAsync();
        var first = await StrategyApi.ConsultAsync(coordinator, region.Slug, await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("1.0")));

        var draft = await StrategyApi.CreateAsync(coordinator, region.Slug, new CreateStrategyVersionRequest { Label = "1.1", From = first.Id });
        var body = StrategyApi.AsUpdate(draft);
        body.Values![0].Name = "Gemeinwohl zuerst";
        body.Values.RemoveAt(1);
        body.Values.Add(new StrategyValueInput { Name = "Datensouveränität" });
        body.Goals![0].Indicators![0].Target = 95m;
        body.Goals[0].Indicators![0].TargetYear = 2031;
        body.Goals.RemoveAt(1);
        body.Goals.Add(new StrategyGoalInput { Title = "Beispiel: Lebendige Ortskerne", Indicators = [new StrategyIndicatorInput { Name = "Freies WLAN", Unit = "Orte", Baseline = 3m, Target = 20m, TargetYear = 2028 }] });
        var edited = await (await coordinator.PutJsonAsync(UpdateStrategyVersionRequest.BuildRoute(region.Slug, draft.Id), body with { Leitbild = null }, draft.ETag()))
            .ReadAsync<StrategyVersionResponse>();
        var added = await new ProjectBuilder(region).WithCode("LP-02").InFieldOfAction(field.Id).BuildAsync();
        var second = await StrategyApi.ConsultAsync(coordinator, region.Slug, edited);

        var diff = await (await (await region.ReaderAsync()).GetAsync(DiffStrategyVersionsRequest.BuildRoute(region.Slug, first.Id, second.Id))).ReadAsync<StrategyDiffResponse>();

        Assert.Equal((first.Id, "1.0", second.Id, "1.1"), (diff.From.Id, diff.From.Label, diff.To.Id, diff.To.Label));
        Assert.Equal([new FieldChange("leitbild", first.Leitbild, null)], diff.Text);
        Assert.Equal([new DiffItem(second.Values[1].Id, "Datensouveränität")], diff.Values.Added);
        Assert.Equal([new DiffItem(first.Values[1].Id, "Offenheit")], diff.Values.Removed);
        var renamed = Assert.Single(diff.Values.Changed);
        Assert.Equal((first.Values[0].Id, "Gemeinwohl zuerst"), (renamed.Id, renamed.Name));
        Assert.Equal([new FieldChange("name", "Gemeinwohl", "Gemeinwohl zuerst")], renamed.Fields);
        Assert.Equal([new DiffItem(second.Goals[1].Id, "Beispiel: Lebendige Ortskerne")], diff.Goals.Added);
        Assert.Equal([new DiffItem(first.Goals[1].Id, "Beispiel: Weniger Pendelverkehr")], diff.Goals.Removed);
        Assert.Empty(diff.Goals.Changed);
        Assert.Equal([new DiffItem(second.Goals[1].Indicators[0].Id, "Freies WLAN")], diff.Indicators.Added);
        Assert.Equal([new DiffItem(first.Goals[1].Indicators[0].Id, "Pendlerkilometer pro Tag")], diff.Indicators.Removed);
        var target = Assert.Single(diff.Indicators.Changed);
        Assert.Equal(first.Goals[0].Indicators[0].Id, target.Id);
        Assert.Equal([new FieldChange("target", "90", "95"), new FieldChange("targetYear", "2030", "2031")], target.Fields);
        Assert.Equal((0, 0, 0), (diff.FieldsOfAction.Added.Count, diff.FieldsOfAction.Removed.Count, diff.FieldsOfAction.Changed.Count));
        Assert.Equal([new DiffItem(added.Id, $"LP-02 {added.Title}")], diff.Projects.Added);
        Assert.Empty(diff.Projects.Removed);
        Assert.Empty(diff.Projects.Changed);
        Assert.Equal(kept.Id, Assert.Single(first.Projects).Id);

        // Backwards, the same changes mirror; a version compared with itself has none.
        var back = await (await coordinator.GetAsync(DiffStrategyVersionsRequest.BuildRoute(region.Slug, second.Id, first.Id))).ReadAsync<StrategyDiffResponse>();
        Assert.Equal(diff.Values.Added, back.Values.Removed);
        Assert.Equal([new FieldChange("target", "95", "90"), new FieldChange("targetYear", "2031", "2030")], Assert.Single(back.Indicators.Changed).Fields);
        var same = await (await coordinator.GetAsync(DiffStrategyVersionsRequest.BuildRoute(region.Slug, first.Id, first.Id))).ReadAsync<StrategyDiffResponse>();
        Assert.Empty(same.Text.Concat<object>(same.Values.Changed).Concat(same.Goals.Added).Concat(same.Indicators.Changed).Concat(same.Projects.Added));
    }

    [Fact]
    public async Task Labels_are_unique_in_the_region_ids_are_not_repeated_and_only_the_coordinator_creates_versions()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await StrategyApi.CreateAsync(coordinator, region.Slug, StrategyApi.NewVersion("Beta"));
        await Meetings.MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var member = await region.MemberAsync(region.Ags("004"));
        var route = CreateStrategyVersionRequest.BuildRoute(region.Slug);
        var repeated = Guid.CreateVersion7();
        var twice = StrategyApi.NewVersion("2.0");
        twice.Goals![0].Id = repeated;
        twice.Goals[1].Indicators![0].Id = repeated;

        await (await coordinator.PostJsonAsync(route, StrategyApi.NewVersion("BETA"))).ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Contains("goals[1].indicators[0].id", (await (await coordinator.PostJsonAsync(route, twice)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        var sameBaseline = StrategyApi.NewVersion("3.0");
        sameBaseline.Goals![0].Indicators![0].Target = 40m;
        Assert.Contains("goals[0].indicators[0].target", (await (await coordinator.PostJsonAsync(route, sameBaseline)).ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("from", (await (await coordinator.PostJsonAsync(route, new CreateStrategyVersionRequest { Label = "4.0", From = Guid.CreateVersion7() }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await (await member.PostJsonAsync(route, StrategyApi.NewVersion("5.0"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["Beta"], (await StrategyApi.ListAsync(coordinator, region.Slug)).Select(v => v.Label));
    }
}
