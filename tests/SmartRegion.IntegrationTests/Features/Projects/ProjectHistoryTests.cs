using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectHistoryTestsOnSqlite(SqliteApp app) : ProjectHistoryTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectHistoryTestsOnSqlServer(SqlServerApp app) : ProjectHistoryTests(app);

/// <summary>A project's history: every creation, edit and transition with who, when, why and which decision, oldest first, paged.</summary>
public abstract class ProjectHistoryTests
{
    private const string Ahlen = "004";

    private readonly SmartRegionApp app;

    protected ProjectHistoryTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task History_lists_creation_and_transitions_with_who_when_and_why_oldest_first_across_pages()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, actor) = await CoordinatorAsync(region);
        var field = await (await coordinator.PostJsonAsync(
                CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "Klimaschutz, Mobilität & Umwelt" }))
            .ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);
        var created = await (await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), new CreateProjectRequest
            {
                Code = "LP-07",
                Title = "Beispiel: Digitale Pegelmessung",
                Category = ProjectCategory.Lead,
                FieldOfActionId = field.Id,
                CostSharingKey = CostSharingKey.Equal,
            }))
            .ReadAsync<ProjectResponse>(HttpStatusCode.Created);
        var proposed = await TransitionAsync(coordinator, region, created, ProjectStatus.Proposed, "Vorlage für den Lenkungskreis");
        var held = await TransitionAsync(coordinator, region, proposed, ProjectStatus.OnHold, "Förderbescheid „Modellregion“ abwarten");
        var resumed = await TransitionAsync(coordinator, region, held, ProjectStatus.Proposed, null);

        var first = await coordinator.GetAsync($"{ListProjectHistoryRequest.BuildRoute(region.Slug, created.Id)}?limit=2");
        var firstPage = await first.ReadAsync<Page<ProjectHistoryEntryResponse>>();
        var next = first.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        var secondPage = await (await coordinator.GetAsync(next)).ReadAsync<Page<ProjectHistoryEntryResponse>>();

        Assert.NotNull(firstPage.NextCursor);
        Assert.Null(secondPage.NextCursor);
        Assert.Equal(
            [
                (ProjectHistoryKinds.Created, null, ProjectStatus.Draft, "", null, null, actor, created.CreatedAt),
                (ProjectHistoryKinds.Transition, ProjectStatus.Draft, ProjectStatus.Proposed, "", "Vorlage für den Lenkungskreis", null, actor, proposed.UpdatedAt),
                (ProjectHistoryKinds.Transition, ProjectStatus.Proposed, ProjectStatus.OnHold, "", "Förderbescheid „Modellregion“ abwarten", null, actor, held.UpdatedAt),
                (ProjectHistoryKinds.Transition, ProjectStatus.OnHold, ProjectStatus.Proposed, "", null, null, actor, resumed.UpdatedAt),
            ],
            firstPage.Items.Concat(secondPage.Items).Select(Flat));
    }

    [Fact]
    public async Task An_entry_written_between_page_requests_appears_on_a_later_page_and_none_twice()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();
        var route = $"{ListProjectHistoryRequest.BuildRoute(region.Slug, project.Id)}?limit=2";

        var firstPage = await (await coordinator.GetAsync(route)).ReadAsync<Page<ProjectHistoryEntryResponse>>();
        await TransitionAsync(coordinator, region, project, ProjectStatus.InImplementation, "Auftrag vergeben");
        var secondPage = await (await coordinator.GetAsync($"{route}&cursor={firstPage.NextCursor}")).ReadAsync<Page<ProjectHistoryEntryResponse>>();

        Assert.Equal(
            [(null, ProjectStatus.Draft), (ProjectStatus.Draft, ProjectStatus.Proposed), (ProjectStatus.Proposed, ProjectStatus.Adopted), (ProjectStatus.Adopted, ProjectStatus.InImplementation)],
            firstPage.Items.Concat(secondPage.Items).Select(entry => (entry.FromStatus, entry.ToStatus)));
        Assert.Null(secondPage.NextCursor);
    }

    [Fact]
    public async Task A_transition_made_by_a_decision_names_the_decision()
    {
        var region = await app.NewRegionAsync();
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Adopted).BuildAsync();

        var history = await HistoryAsync(await region.ReaderAsync(), region, project.Id);

        // The builder stands in for the Lenkungskreis: only the move to adopted carries a decision.
        Assert.Equal(
            [(ProjectHistoryKinds.Created, false), (ProjectHistoryKinds.Transition, false), (ProjectHistoryKinds.Transition, true)],
            history.Select(entry => (entry.Kind, entry.DecisionId is not null)));
        Assert.Equal(7, history[^1].DecisionId!.Value.Version);
        Assert.All(history, entry => Assert.Equal(ProjectBuilder.Actor, entry.Actor));
    }

    [Fact]
    public async Task An_edit_lists_the_fields_it_changed()
    {
        var region = await app.NewRegionAsync();
        var (coordinator, actor) = await CoordinatorAsync(region);
        var project = await new ProjectBuilder(region).WithCode("LP-11").WithTitle("Beispiel: Senioren digital").BuildAsync();

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, project.Id), new UpdateProjectRequest
        {
            Code = project.Code,
            Title = "Beispiel: Senioren digital – Lotsenprogramm",
            Summary = "Ehrenamtliche Digitallotsen in allen Orten.",
            FieldOfActionId = project.FieldOfActionId,
            CostSharingKey = project.CostSharingKey,
        }, project.ETag());
        var updated = await response.ReadAsync<ProjectResponse>();

        var entry = (await HistoryAsync(coordinator, region, project.Id))[^1];
        Assert.Equal((ProjectHistoryKinds.Updated, null, null, "title|summary", null, null, actor, updated.UpdatedAt), Flat(entry));
        Assert.Equal(["title", "summary"], entry.ChangedFields);
    }

    [Fact]
    public async Task Every_role_of_the_region_reads_the_history_and_other_regions_get_404()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var (coordinator, _) = await CoordinatorAsync(region);
        await (await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.Ags(Ahlen), Kind = MemberKind.Municipality, Name = "Stadt Ahlen" })).ReadAsync<MemberResponse>(HttpStatusCode.Created);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var route = ListProjectHistoryRequest.BuildRoute(region.Slug, project.Id);

        foreach (var client in new[] { coordinator, await region.ReaderAsync(), await region.MemberAsync(region.Ags(Ahlen)), app.Admin() })
        {
            Assert.Equal(2, (await (await client.GetAsync(route)).ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items.Count);
        }

        await (await (await other.CoordinatorAsync()).GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await (await (await other.ReaderAsync()).GetAsync(ListProjectHistoryRequest.BuildRoute(other.Slug, project.Id)))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        await (await coordinator.GetAsync(ListProjectHistoryRequest.BuildRoute(region.Slug, Guid.CreateVersion7())))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    [Fact]
    public async Task A_cursor_the_API_did_not_issue_or_a_limit_out_of_range_is_400()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var project = await new ProjectBuilder(region).BuildAsync();
        var route = ListProjectHistoryRequest.BuildRoute(region.Slug, project.Id);

        await (await reader.GetAsync($"{route}?cursor=bm90LWEtY3Vyc29y")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await (await reader.GetAsync($"{route}?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        await (await reader.GetAsync($"{route}?limit=201")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    /// <summary>The entry as a tuple (its changed fields joined by <c>|</c>), so that equality compares contents.</summary>
    private static (string Kind, ProjectStatus? From, ProjectStatus? To, string ChangedFields, string? Reason, Guid? DecisionId, string Actor, DateTimeOffset OccurredAt) Flat(
        ProjectHistoryEntryResponse entry) =>
        (entry.Kind, entry.FromStatus, entry.ToStatus, string.Join('|', entry.ChangedFields), entry.Reason, entry.DecisionId, entry.Actor, entry.OccurredAt);

    private static async Task<(HttpClient Client, string Actor)> CoordinatorAsync(TestRegion region)
    {
        var key = await region.App.Keys.CreateAsync(RoleNames.Coordinator, region.Slug, null, "test coordinator", CancellationToken.None);
        return (region.App.WithKey(key.Key), $"apikey:{key.Id:D}");
    }

    private static async Task<ProjectResponse> TransitionAsync(HttpClient client, TestRegion region, ProjectResponse project, ProjectStatus to, string? reason)
    {
        var response = await client.SendJsonAsync(
            HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, project.Id), new TransitionProjectRequest { To = to, Reason = reason }, project.ETag());
        return await response.ReadAsync<ProjectResponse>();
    }

    private static async Task<IReadOnlyList<ProjectHistoryEntryResponse>> HistoryAsync(HttpClient client, TestRegion region, Guid id) =>
        (await (await client.GetAsync($"{ListProjectHistoryRequest.BuildRoute(region.Slug, id)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<ProjectHistoryEntryResponse>>()).Items;
}
