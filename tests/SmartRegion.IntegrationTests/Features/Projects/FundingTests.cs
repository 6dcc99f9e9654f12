using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class FundingTestsOnSqlite(SqliteApp app) : FundingTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class FundingTestsOnSqlServer(SqlServerApp app) : FundingTests(app);

/// <summary>
/// Funding sources (Fördermittel) of a project: edited with their own ETags, each change a change of the project
/// (new version, history entry), and granted funding lowering the project's own cost.
/// </summary>
public abstract class FundingTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";

    private readonly SmartRegionApp app;

    protected FundingTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_coordinator_adds_a_funding_source_that_readers_get_and_list()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var reader = await region.ReaderAsync();

        var response = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, project.Id), new AddFundingSourceRequest
        {
            Programme = "Förderprogramm „Digitale Modellregionen“",
            FundingBody = "Land Nordrhein-Westfalen",
            Amount = 250_000.50m,
            Status = FundingStatus.Granted,
            DecisionDate = new DateOnly(2025, 3, 28),
            Reference = "DMR-2025/0815",
        });

        var created = await response.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        Assert.Equal(
            ("Förderprogramm „Digitale Modellregionen“", "Land Nordrhein-Westfalen", 250_000.50m, FundingStatus.Granted, new DateOnly(2025, 3, 28), "DMR-2025/0815", 1),
            (created.Programme, created.FundingBody, created.Amount, created.Status, created.DecisionDate, created.Reference, created.Version));
        Assert.Equal(7, created.Id.Version);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id), response.Headers.Location?.OriginalString);

        var get = await reader.GetAsync(GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id));
        Assert.Equal(created, await get.ReadAsync<FundingSourceResponse>());
        Assert.Equal("\"1\"", get.ETag());
        Assert.Equal([created], await ListAllAsync(reader, region, project.Id));
        var whole = await GetProjectAsync(reader, region, project.Id);
        Assert.Equal([created], whole.Funding);
    }

    [Fact]
    public async Task Granted_funding_lowers_the_own_cost_and_other_statuses_do_not()
    {
        var (region, coordinator, project) = await ArrangeAsync(estimatedCost: 100_000.00m);

        await AddAsync(coordinator, region, project.Id, 30_000.25m, FundingStatus.Granted);
        await AddAsync(coordinator, region, project.Id, 20_000.00m, FundingStatus.Planned);
        await AddAsync(coordinator, region, project.Id, 15_000.00m, FundingStatus.Applied);
        await AddAsync(coordinator, region, project.Id, 40_000.00m, FundingStatus.Rejected);
        var whole = await GetProjectAsync(coordinator, region, project.Id);

        Assert.Equal(4, whole.Funding.Count);
        Assert.Equal(30_000.25m, whole.GrantedFunding);
        Assert.Equal(69_999.75m, whole.OwnCost);
    }

    [Fact]
    public async Task The_own_cost_never_goes_below_zero()
    {
        var (region, coordinator, project) = await ArrangeAsync(estimatedCost: 100_000.00m);

        await AddAsync(coordinator, region, project.Id, 120_000.00m, FundingStatus.Granted);
        var whole = await GetProjectAsync(coordinator, region, project.Id);

        Assert.Equal(120_000.00m, whole.GrantedFunding);
        Assert.Equal(0m, whole.OwnCost);
    }

    [Fact]
    public async Task A_status_change_to_granted_shows_in_the_project_and_a_change_away_from_it_too()
    {
        var (region, coordinator, project) = await ArrangeAsync(estimatedCost: 100_000.00m);
        var applied = await AddAsync(coordinator, region, project.Id, 60_000.00m, FundingStatus.Applied);
        var route = UpdateFundingSourceRequest.BuildRoute(region.Slug, project.Id, applied.Id);

        var granted = await (await coordinator.PutJsonAsync(route, EditOf(applied) with { Status = FundingStatus.Granted, DecisionDate = new DateOnly(2025, 6, 1) }, applied.ETag()))
            .ReadAsync<FundingSourceResponse>();
        var afterGrant = await GetProjectAsync(coordinator, region, project.Id);
        await (await coordinator.PutJsonAsync(route, EditOf(granted) with { Status = FundingStatus.Rejected }, granted.ETag())).ReadAsync<FundingSourceResponse>();
        var afterRejection = await GetProjectAsync(coordinator, region, project.Id);

        Assert.Equal((60_000.00m, 40_000.00m), (afterGrant.GrantedFunding, afterGrant.OwnCost));
        Assert.Equal((0m, 100_000.00m), (afterRejection.GrantedFunding, afterRejection.OwnCost));
    }

    [Fact]
    public async Task Amounts_round_trip_to_the_cent_even_when_large()
    {
        var (region, coordinator, project) = await ArrangeAsync(estimatedCost: MoneyAttribute.Max);

        var created = await AddAsync(coordinator, region, project.Id, 123_456_789_012.34m, FundingStatus.Granted);
        var small = await AddAsync(coordinator, region, project.Id, 0.01m, FundingStatus.Granted);
        var raw = await coordinator.GetStringAsync(GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id));
        var whole = await GetProjectAsync(coordinator, region, project.Id);

        Assert.Equal(123_456_789_012.34m, created.Amount);
        Assert.Contains("\"amount\":123456789012.34", raw, StringComparison.Ordinal);
        Assert.Equal([123_456_789_012.34m, 0.01m], whole.Funding.Select(source => source.Amount));
        Assert.Equal(123_456_789_012.35m, whole.GrantedFunding);
        Assert.Equal(876_543_210_987.64m, whole.OwnCost);
        Assert.Equal(0.01m, small.Amount);
    }

    [Fact]
    public async Task A_negative_amount_or_one_with_3_decimals_is_400_and_stores_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = AddFundingSourceRequest.BuildRoute(region.Slug, project.Id);

        var negative = await coordinator.PostJsonAsync(route, NewSource(-0.01m, FundingStatus.Planned));
        var tooPrecise = await coordinator.PostJsonAsync(route, NewSource(1_000.005m, FundingStatus.Planned));
        var tooLarge = await coordinator.PostJsonAsync(route, NewSource(MoneyAttribute.Max + 0.01m, FundingStatus.Planned));
        var missing = await coordinator.PostJsonAsync(route, NewSource(1m, FundingStatus.Planned) with { Amount = null, Status = null, Programme = "", FundingBody = new string('x', FundingRules.FundingBodyMaxLength + 1) });
        var unknownStatus = await coordinator.SendRawAsync(HttpMethod.Post, route, """{"programme":"P","fundingBody":"B","amount":1,"status":"promised"}""");

        foreach (var response in new[] { negative, tooPrecise, tooLarge })
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal(["amount"], problem.Errors!.Keys);
        }

        var missingProblem = await missing.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["amount", "fundingBody", "programme", "status"], missingProblem.Errors!.Keys.Order(StringComparer.Ordinal));
        await unknownStatus.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty(await ListAllAsync(coordinator, region, project.Id));
        AssertUnchanged(project, await GetProjectAsync(coordinator, region, project.Id));
    }

    [Fact]
    public async Task A_3_decimal_amount_in_an_update_is_400_and_changes_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var created = await AddAsync(coordinator, region, project.Id, 500m, FundingStatus.Applied);
        var before = await GetProjectAsync(coordinator, region, project.Id);

        var response = await coordinator.PutJsonAsync(
            UpdateFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id), EditOf(created) with { Amount = 500.001m }, created.ETag());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["amount"], problem.Errors!.Keys);
        AssertUnchanged(before, await GetProjectAsync(coordinator, region, project.Id));
    }

    [Fact]
    public async Task Update_replaces_all_fields_and_needs_the_funding_sources_current_ETag()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var created = await (await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, project.Id), NewSource(1_000m, FundingStatus.Applied) with
        {
            DecisionDate = new DateOnly(2025, 1, 15),
            Reference = "AZ-1",
        })).ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        var route = UpdateFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id);
        var body = new UpdateFundingSourceRequest { Programme = "EFRE/JTF NRW", FundingBody = "Europäische Union", Amount = 2_500.75m, Status = FundingStatus.Granted };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var updated = await coordinator.PutJsonAsync(route, body, ifMatch: created.ETag());
        var stale = await coordinator.PutJsonAsync(route, body with { Amount = 1m }, ifMatch: created.ETag());
        var projectETag = await coordinator.PutJsonAsync(route, body with { Amount = 1m }, ifMatch: (await GetProjectAsync(coordinator, region, project.Id)).ETag());

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var read = await updated.ReadAsync<FundingSourceResponse>();
        Assert.Equal(
            ("EFRE/JTF NRW", "Europäische Union", 2_500.75m, FundingStatus.Granted, (DateOnly?)null, (string?)null, 2, created.CreatedAt),
            (read.Programme, read.FundingBody, read.Amount, read.Status, read.DecisionDate, read.Reference, read.Version, read.CreatedAt));
        Assert.Equal("\"2\"", updated.ETag());
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        // The project's ETag is not the funding source's: "3" (created, added, updated) never matches version 2.
        await projectETag.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(read, await (await coordinator.GetAsync(GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id))).ReadAsync<FundingSourceResponse>());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_both_versions()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var created = await AddAsync(coordinator, region, project.Id, 1_000m, FundingStatus.Applied);
        var before = await GetProjectAsync(coordinator, region, project.Id);

        var response = await coordinator.PutJsonAsync(UpdateFundingSourceRequest.BuildRoute(region.Slug, project.Id, created.Id), EditOf(created), created.ETag());

        Assert.Equal(created, await response.ReadAsync<FundingSourceResponse>());
        AssertUnchanged(before, await GetProjectAsync(coordinator, region, project.Id));
    }

    [Fact]
    public async Task Delete_needs_the_current_ETag_and_removes_the_funding_source()
    {
        var (region, coordinator, project) = await ArrangeAsync(estimatedCost: 10_000m);
        var keep = await AddAsync(coordinator, region, project.Id, 1_000m, FundingStatus.Granted);
        var gone = await AddAsync(coordinator, region, project.Id, 2_000m, FundingStatus.Granted);
        var route = DeleteFundingSourceRequest.BuildRoute(region.Slug, project.Id, gone.Id);

        var missing = await coordinator.DeleteAsync(route, ifMatch: null);
        var stale = await coordinator.DeleteAsync(route, ifMatch: "\"2\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal([keep, gone], await ListAllAsync(coordinator, region, project.Id));

        var deleted = await coordinator.DeleteAsync(route, gone.ETag());

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await coordinator.GetAsync(GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, gone.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([keep], await ListAllAsync(coordinator, region, project.Id));
        var whole = await GetProjectAsync(coordinator, region, project.Id);
        Assert.Equal((1_000m, 9_000m), (whole.GrantedFunding, whole.OwnCost));
    }

    [Fact]
    public async Task Every_funding_change_gives_the_project_a_new_version_and_a_history_entry()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var route = GetProjectRequest.BuildRoute(region.Slug, project.Id);

        var added = await AddAsync(coordinator, region, project.Id, 1_000m, FundingStatus.Applied, "Sofortprogramm Innenstadt");
        var afterAdd = await GetProjectAsync(coordinator, region, project.Id);
        var staleEdit = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, project.Id), ProjectApi.EditOf(project) with { Title = "Beispiel: Veraltet" }, project.ETag());
        var updated = await (await coordinator.PutJsonAsync(
                UpdateFundingSourceRequest.BuildRoute(region.Slug, project.Id, added.Id), EditOf(added) with { Amount = 1_500m, Status = FundingStatus.Granted }, added.ETag()))
            .ReadAsync<FundingSourceResponse>();
        var afterUpdate = await GetProjectAsync(coordinator, region, project.Id);
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(region.Slug, project.Id, added.Id), updated.ETag())).StatusCode);
        var afterDelete = await GetProjectAsync(coordinator, region, project.Id);
        var conditional = new HttpRequestMessage(HttpMethod.Get, route);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", project.ETag());
        var cached = await coordinator.SendAsync(conditional);

        Assert.Equal([project.Version + 1, project.Version + 2, project.Version + 3], [afterAdd.Version, afterUpdate.Version, afterDelete.Version]);
        Assert.True(afterAdd.UpdatedAt >= project.UpdatedAt);
        await staleEdit.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
        var history = await ProjectApi.HistoryAsync(coordinator, region, project.Id);
        Assert.Equal(
            [
                (ProjectHistoryKinds.Created, null),
                (ProjectHistoryKinds.FundingChanged, "added: Sofortprogramm Innenstadt"),
                (ProjectHistoryKinds.FundingChanged, "updated: Sofortprogramm Innenstadt (amount, status)"),
                (ProjectHistoryKinds.FundingChanged, "removed: Sofortprogramm Innenstadt"),
            ],
            history.Select(entry => (entry.Kind, entry.Reason)));
        Assert.All(history.Skip(1), entry => Assert.Equal(["funding"], entry.ChangedFields));
        Assert.Equal("Beispiel: Projekt LP-01", afterDelete.Title);
    }

    [Fact]
    public async Task A_closed_project_refuses_funding_changes_with_409_and_keeps_its_funding()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var running = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var source = await AddAsync(coordinator, region, running.Id, 5_000m, FundingStatus.Granted);
        var current = await GetProjectAsync(coordinator, region, running.Id);
        var completed = await (await coordinator.SendJsonAsync(
                HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, running.Id), new TransitionProjectRequest { To = ProjectStatus.Completed }, current.ETag()))
            .ReadAsync<ProjectResponse>();
        var discontinued = await new ProjectBuilder(region).InStatus(ProjectStatus.Discontinued, leftFrom: ProjectStatus.Proposed).BuildAsync();

        var add = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, completed.Id), NewSource(1m, FundingStatus.Planned));
        var update = await coordinator.PutJsonAsync(
            UpdateFundingSourceRequest.BuildRoute(region.Slug, completed.Id, source.Id), EditOf(source) with { Amount = 1m }, source.ETag());
        var delete = await coordinator.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(region.Slug, completed.Id, source.Id), source.ETag());
        var addToDiscontinued = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, discontinued.Id), NewSource(1m, FundingStatus.Planned));

        foreach (var response in new[] { add, update, delete, addToDiscontinued })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.ProjectClosedType);
        }

        AssertUnchanged(completed, await GetProjectAsync(coordinator, region, completed.Id));
        Assert.Equal([source], completed.Funding);
        Assert.Empty(await ListAllAsync(coordinator, region, discontinued.Id));
    }

    [Fact]
    public async Task A_member_edits_the_funding_of_its_own_draft_only_and_a_reader_none()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Ahlen), "Stadt Ahlen");
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Beckum), "Stadt Beckum");
        var ownDraft = await new ProjectBuilder(region).ProposedBy(region.Ags(Ahlen)).BuildAsync();
        var ownProposal = await new ProjectBuilder(region).ProposedBy(region.Ags(Ahlen)).InStatus(ProjectStatus.Proposed).BuildAsync();
        var othersDraft = await new ProjectBuilder(region).ProposedBy(region.Ags(Beckum)).BuildAsync();
        var othersSource = await AddAsync(coordinator, region, othersDraft.Id, 100m, FundingStatus.Planned);
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var reader = await region.ReaderAsync();

        var own = await ahlen.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, ownDraft.Id), NewSource(100m, FundingStatus.Planned));
        var proposal = await ahlen.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, ownProposal.Id), NewSource(100m, FundingStatus.Planned));
        var others = await ahlen.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, othersDraft.Id), NewSource(100m, FundingStatus.Planned));
        var othersUpdate = await ahlen.PutJsonAsync(
            UpdateFundingSourceRequest.BuildRoute(region.Slug, othersDraft.Id, othersSource.Id), EditOf(othersSource) with { Amount = 1m }, othersSource.ETag());
        var othersDelete = await ahlen.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(region.Slug, othersDraft.Id, othersSource.Id), othersSource.ETag());
        var readerAdd = await reader.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, ownDraft.Id), NewSource(100m, FundingStatus.Planned));
        var readerDelete = await reader.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(region.Slug, othersDraft.Id, othersSource.Id), othersSource.ETag());

        var mine = await own.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        foreach (var response in new[] { proposal, others, othersUpdate, othersDelete, readerAdd, readerDelete })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal([mine], await ListAllAsync(reader, region, ownDraft.Id));
        Assert.Empty(await ListAllAsync(reader, region, ownProposal.Id));
        Assert.Equal([othersSource], await ListAllAsync(ahlen, region, othersDraft.Id));
    }

    [Fact]
    public async Task Another_regions_key_gets_404_and_changes_nothing()
    {
        var (other, theirCoordinator, theirs) = await ArrangeAsync();
        var source = await AddAsync(theirCoordinator, other, theirs.Id, 100m, FundingStatus.Granted);
        var mine = await app.NewRegionAsync();
        var coordinator = await mine.CoordinatorAsync();

        var list = await coordinator.GetAsync(ListFundingSourcesRequest.BuildRoute(other.Slug, theirs.Id));
        var get = await coordinator.GetAsync(GetFundingSourceRequest.BuildRoute(other.Slug, theirs.Id, source.Id));
        var add = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(other.Slug, theirs.Id), NewSource(1m, FundingStatus.Planned));
        var update = await coordinator.PutJsonAsync(UpdateFundingSourceRequest.BuildRoute(other.Slug, theirs.Id, source.Id), EditOf(source), source.ETag());
        var delete = await coordinator.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(other.Slug, theirs.Id, source.Id), source.ETag());
        var viaMine = await coordinator.GetAsync(ListFundingSourcesRequest.BuildRoute(mine.Slug, theirs.Id));

        foreach (var response in new[] { list, get, add, update, delete, viaMine })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal([source], await ListAllAsync(theirCoordinator, other, theirs.Id));
    }

    [Fact]
    public async Task A_funding_source_is_found_only_under_its_own_project()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var sibling = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", project.FieldOfActionId));
        var source = await AddAsync(coordinator, region, project.Id, 100m, FundingStatus.Granted);

        var get = await coordinator.GetAsync(GetFundingSourceRequest.BuildRoute(region.Slug, sibling.Id, source.Id));
        var update = await coordinator.PutJsonAsync(UpdateFundingSourceRequest.BuildRoute(region.Slug, sibling.Id, source.Id), EditOf(source) with { Amount = 1m }, source.ETag());
        var delete = await coordinator.DeleteAsync(DeleteFundingSourceRequest.BuildRoute(region.Slug, sibling.Id, source.Id), source.ETag());
        var unknownProject = await coordinator.GetAsync(ListFundingSourcesRequest.BuildRoute(region.Slug, Guid.CreateVersion7()));

        foreach (var response in new[] { get, update, delete, unknownProject })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal([source], await ListAllAsync(coordinator, region, project.Id));
        AssertUnchanged(sibling, await GetProjectAsync(coordinator, region, sibling.Id));
    }

    [Fact]
    public async Task Get_with_the_current_ETag_in_If_None_Match_gives_304()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var source = await AddAsync(coordinator, region, project.Id, 100m, FundingStatus.Granted);
        var request = new HttpRequestMessage(HttpMethod.Get, GetFundingSourceRequest.BuildRoute(region.Slug, project.Id, source.Id));
        request.Headers.TryAddWithoutValidation("If-None-Match", source.ETag());

        var response = await (await region.ReaderAsync()).SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(source.ETag(), response.ETag());
    }

    [Fact]
    public async Task The_list_pages_in_the_order_the_sources_were_added()
    {
        var (region, coordinator, project) = await ArrangeAsync();
        var added = new List<FundingSourceResponse>();
        for (var i = 1; i <= 5; i++)
        {
            added.Add(await AddAsync(coordinator, region, project.Id, i * 100m, FundingStatus.Planned, $"Programm {i}"));
        }

        var seen = new List<FundingSourceResponse>();
        var pages = 0;
        var next = $"{ListFundingSourcesRequest.BuildRoute(region.Slug, project.Id)}?limit=2";
        while (next is not null)
        {
            var response = await coordinator.GetAsync(next);
            var page = await response.ReadAsync<Page<FundingSourceResponse>>();
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            pages++;
            next = page.NextCursor is null ? null : response.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        }

        Assert.Equal(3, pages);
        Assert.Equal(added, seen);
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, ProjectResponse Project)> ArrangeAsync(decimal? estimatedCost = null)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with { EstimatedCost = estimatedCost });
        return (region, coordinator, project);
    }

    /// <summary>The project as read before: same version and timestamp, same funding and totals.</summary>
    private static void AssertUnchanged(ProjectResponse expected, ProjectResponse actual)
    {
        Assert.Equal((expected.Version, expected.UpdatedAt, expected.GrantedFunding, expected.OwnCost), (actual.Version, actual.UpdatedAt, actual.GrantedFunding, actual.OwnCost));
        Assert.Equal(expected.Funding, actual.Funding);
    }

    private static AddFundingSourceRequest NewSource(decimal amount, FundingStatus status, string programme = "Gigabit-Förderung des Bundes") => new()
    {
        Programme = programme,
        FundingBody = "Bundesministerium für Digitales und Verkehr",
        Amount = amount,
        Status = status,
    };

    private static UpdateFundingSourceRequest EditOf(FundingSourceResponse source) => new()
    {
        Programme = source.Programme,
        FundingBody = source.FundingBody,
        Amount = source.Amount,
        Status = source.Status,
        DecisionDate = source.DecisionDate,
        Reference = source.Reference,
    };

    private static async Task<FundingSourceResponse> AddAsync(
        HttpClient client, TestRegion region, Guid projectId, decimal amount, FundingStatus status, string programme = "Gigabit-Förderung des Bundes")
    {
        var response = await client.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, projectId), NewSource(amount, status, programme));
        return await response.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
    }

    private static async Task<ProjectResponse> GetProjectAsync(HttpClient client, TestRegion region, Guid id) =>
        await (await client.GetAsync(GetProjectRequest.BuildRoute(region.Slug, id))).ReadAsync<ProjectResponse>();

    private static async Task<List<FundingSourceResponse>> ListAllAsync(HttpClient client, TestRegion region, Guid projectId)
    {
        var page = await (await client.GetAsync($"{ListFundingSourcesRequest.BuildRoute(region.Slug, projectId)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<FundingSourceResponse>>();
        Assert.Null(page.NextCursor);
        return page.Items.ToList();
    }
}
