using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectsCrudTestsOnSqlite(SqliteApp app) : ProjectsCrudTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectsCrudTestsOnSqlServer(SqlServerApp app) : ProjectsCrudTests(app);

/// <summary>Projects: created as draft or proposal, read with ETags, edited and deleted under If-Match, by role.</summary>
public abstract class ProjectsCrudTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";

    private readonly SmartRegionApp app;

    protected ProjectsCrudTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_coordinator_creates_a_draft_that_every_role_reads_with_its_ETag()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var reader = await region.ReaderAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Ahlen), "Stadt Ahlen");

        var response = await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-07", field) with
        {
            Title = "Beispiel: Mobilitätsplattform",
            Summary = "Bus, Bürgerbus und Leihräder in einer App",
            Description = "„Beispiel“ für Straßen und Plätze",
            Category = ProjectCategory.Potential,
            PlannedStart = new DateOnly(2025, 1, 1),
            PlannedEnd = new DateOnly(2026, 12, 31),
            EstimatedCost = 123456.78m,
            CostSharingKey = CostSharingKey.Population,
            ProposedBy = region.Ags(Ahlen),
        });

        var created = await response.ReadAsync<ProjectResponse>(HttpStatusCode.Created);
        Assert.Equal(("LP-07", "Beispiel: Mobilitätsplattform", "Bus, Bürgerbus und Leihräder in einer App"), (created.Code, created.Title, created.Summary));
        Assert.Equal("„Beispiel“ für Straßen und Plätze", created.Description);
        Assert.Equal((ProjectCategory.Potential, field, CostSharingKey.Population, region.Ags(Ahlen)), (created.Category, created.FieldOfActionId, created.CostSharingKey, created.ProposedBy));
        Assert.Equal((new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31)), (created.PlannedStart, created.PlannedEnd));
        Assert.Equal((123456.78m, 0m, 123456.78m), (created.EstimatedCost, created.GrantedFunding, created.OwnCost));
        Assert.Equal((ProjectStatus.Draft, 1), (created.Status, created.Version));
        Assert.Empty(created.Themes);
        Assert.Empty(created.Funding);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(GetProjectRequest.BuildRoute(region.Slug, created.Id), response.Headers.Location?.OriginalString);

        var get = await reader.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id));
        Assert.Equivalent(created, await get.ReadAsync<ProjectResponse>(), strict: true);
        Assert.Equal("\"1\"", get.ETag());
        var unchanged = await reader.SendAsync(new HttpRequestMessage(HttpMethod.Get, GetProjectRequest.BuildRoute(region.Slug, created.Id)) { Headers = { { "If-None-Match", "\"1\"" } } });
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        var history = await ProjectApi.HistoryAsync(reader, region, created.Id);
        Assert.Equal([(ProjectHistoryKinds.Created, (ProjectStatus?)ProjectStatus.Draft)], history.Select(entry => (entry.Kind, entry.ToStatus)));
    }

    [Fact]
    public async Task A_new_project_is_a_draft_unless_proposed_and_never_starts_further_along()
    {
        var (region, coordinator, field) = await ArrangeAsync();

        var draft = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var proposed = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field) with { Status = ProjectStatus.Proposed });
        var adopted = await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-03", field) with { Status = ProjectStatus.Adopted });

        Assert.Equal((ProjectStatus.Draft, (string?)null, (decimal?)null), (draft.Status, draft.ProposedBy, draft.OwnCost));
        Assert.Equal(ProjectStatus.Proposed, proposed.Status);
        var problem = await adopted.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["status"], problem.Errors!.Keys);
        Assert.Equal(["LP-01", "LP-02"], (await ProjectApi.ListAllAsync(coordinator, region)).Select(p => p.Code));
    }

    public static TheoryData<string, string> InvalidCreates() => new()
    {
        { "end before start", "plannedEnd" },
        { "negative cost", "estimatedCost" },
        { "cost with 3 decimals", "estimatedCost" },
        { "unknown field of action", "fieldOfActionId" },
        { "field of action of another region", "fieldOfActionId" },
        { "unknown theme", "themes" },
        { "theme of another region", "themes" },
        { "the same theme twice", "themes" },
        { "unknown proposer", "proposedBy" },
        { "malformed code", "code" },
        { "lower-case code", "code" },
        { "code of 21 characters", "code" },
        { "no title", "title" },
        { "title of 201 characters", "title" },
        { "summary of 1001 characters", "summary" },
        { "no cost-sharing key", "costSharingKey" },
        { "no category", "category" },
    };

    [Theory]
    [MemberData(nameof(InvalidCreates))]
    public async Task An_invalid_create_is_a_400_naming_the_field_and_stores_nothing(string invalid, string field)
    {
        var (region, coordinator, fieldOfAction) = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var foreignField = await ProjectApi.FieldOfActionAsync(app.Admin(), other);
        var foreignTheme = await ProjectApi.ThemeAsync(app.Admin(), other, "Daten");
        var theme = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var valid = ProjectApi.NewProject("LP-01", fieldOfAction) with { Themes = [theme] };
        var body = invalid switch
        {
            "end before start" => valid with { PlannedStart = new DateOnly(2026, 1, 1), PlannedEnd = new DateOnly(2025, 12, 31) },
            "negative cost" => valid with { EstimatedCost = -0.01m },
            "cost with 3 decimals" => valid with { EstimatedCost = 1000.005m },
            "unknown field of action" => valid with { FieldOfActionId = Guid.CreateVersion7() },
            "field of action of another region" => valid with { FieldOfActionId = foreignField },
            "unknown theme" => valid with { Themes = [theme, Guid.CreateVersion7()] },
            "theme of another region" => valid with { Themes = [theme, foreignTheme] },
            "the same theme twice" => valid with { Themes = [theme, theme] },
            "unknown proposer" => valid with { ProposedBy = region.Ags(Beckum) },
            "malformed code" => valid with { Code = "LP 07" },
            "lower-case code" => valid with { Code = "lp-07" },
            "code of 21 characters" => valid with { Code = new string('A', ProjectRules.CodeMaxLength + 1) },
            "no title" => valid with { Title = " " },
            "title of 201 characters" => valid with { Title = new string('ä', ProjectRules.TitleMaxLength + 1) },
            "summary of 1001 characters" => valid with { Summary = new string('s', ProjectRules.SummaryMaxLength + 1) },
            "no cost-sharing key" => valid with { CostSharingKey = null },
            "no category" => valid with { Category = null },
            _ => throw new ArgumentOutOfRangeException(nameof(invalid), invalid, null),
        };

        var response = await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), body);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.Empty(await ProjectApi.ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task Limits_are_inclusive_and_money_keeps_its_cents()
    {
        var (region, coordinator, field) = await ArrangeAsync();

        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject(new string('A', ProjectRules.CodeMaxLength), field) with
        {
            Title = new string('ä', ProjectRules.TitleMaxLength),
            Summary = new string('ß', ProjectRules.SummaryMaxLength),
            PlannedStart = new DateOnly(2025, 6, 1),
            PlannedEnd = new DateOnly(2025, 6, 1),
            EstimatedCost = MoneyAttribute.Max,
        });
        var free = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-0", field) with { EstimatedCost = 0m });

        var read = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal(999_999_999_999.99m, read.EstimatedCost);
        var tooLarge = await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-1", field) with { EstimatedCost = MoneyAttribute.Max + 0.01m });
        var problem = await tooLarge.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["estimatedCost"], problem.Errors!.Keys);
        Assert.Equal(new string('ß', ProjectRules.SummaryMaxLength), read.Summary);
        Assert.Equal(read.PlannedStart, read.PlannedEnd);
        Assert.Equal((0m, 0m), (free.EstimatedCost, free.OwnCost));
    }

    [Fact]
    public async Task Money_is_written_with_two_decimals_whatever_was_sent()
    {
        var (region, coordinator, field) = await ArrangeAsync();

        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-08", field) with { EstimatedCost = 850000m });
        var raw = await coordinator.GetStringAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id));

        Assert.Contains("\"estimatedCost\":850000.00,", raw, StringComparison.Ordinal);
        Assert.Contains("\"grantedFunding\":0.00,", raw, StringComparison.Ordinal);
        Assert.Contains("\"ownCost\":850000.00", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_enum_word_or_a_number_with_3_decimals_in_the_JSON_is_a_400()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var route = CreateProjectRequest.BuildRoute(region.Slug);

        var unknownStatus = await coordinator.SendRawAsync(HttpMethod.Post, route,
            $$"""{"code":"LP-01","title":"T","category":"lead","fieldOfActionId":"{{field}}","costSharingKey":"equal","status":"finished"}""");
        var unknownKey = await coordinator.SendRawAsync(HttpMethod.Post, route,
            $$"""{"code":"LP-01","title":"T","category":"lead","fieldOfActionId":"{{field}}","costSharingKey":"by_size"}""");
        var money = await coordinator.SendRawAsync(HttpMethod.Post, route,
            $$"""{"code":"LP-01","title":"T","category":"lead","fieldOfActionId":"{{field}}","costSharingKey":"equal","estimatedCost":12.345}""");

        Assert.Equal(["status"], (await unknownStatus.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(["costSharingKey"], (await unknownKey.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Equal(["estimatedCost"], (await money.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Empty(await ProjectApi.ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task A_duplicate_code_is_a_409_and_stores_nothing_even_when_racing()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var first = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));

        var duplicate = await coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-07", field) with { Title = "Noch einmal" });
        var racing = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            coordinator.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-08", field))));

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Single(racing, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in racing.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        }

        var all = await ProjectApi.ListAllAsync(coordinator, region);
        Assert.Equal(["LP-07", "LP-08"], all.Select(p => p.Code));
        Assert.Equivalent(first, all[0], strict: true);
    }

    [Fact]
    public async Task The_same_code_in_another_region_is_fine()
    {
        var (first, firstCoordinator, firstField) = await ArrangeAsync();
        var (second, secondCoordinator, secondField) = await ArrangeAsync();

        await ProjectApi.CreateAsync(firstCoordinator, first, ProjectApi.NewProject("LP-07", firstField));
        var other = await ProjectApi.CreateAsync(secondCoordinator, second, ProjectApi.NewProject("LP-07", secondField));

        Assert.Equal("LP-07", other.Code);
    }

    [Fact]
    public async Task Update_replaces_the_editable_fields_and_records_which_changed()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var otherField = await ProjectApi.FieldOfActionAsync(coordinator, region, "Verwaltung");
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with { Summary = "Alt", EstimatedCost = 1000m });
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var response = await coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with
        {
            Code = "LP-08",
            Title = "Beispiel: Neuer Titel",
            FieldOfActionId = otherField,
            PlannedStart = new DateOnly(2025, 3, 1),
            EstimatedCost = 1500.5m,
        }, created.ETag());

        var updated = await response.ReadAsync<ProjectResponse>();
        Assert.Equal("\"2\"", response.ETag());
        Assert.Equal(("LP-08", "Beispiel: Neuer Titel", "Alt", otherField), (updated.Code, updated.Title, updated.Summary, updated.FieldOfActionId));
        Assert.Equal((new DateOnly(2025, 3, 1), (DateOnly?)null, 1500.5m, 1500.5m), (updated.PlannedStart, updated.PlannedEnd, updated.EstimatedCost, updated.OwnCost));
        Assert.Equal((2, created.CreatedAt, created.Category, created.Status), (updated.Version, updated.CreatedAt, updated.Category, updated.Status));
        Assert.True(updated.UpdatedAt >= created.UpdatedAt);
        Assert.Equivalent(updated, await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>(), strict: true);
        var history = await ProjectApi.HistoryAsync(coordinator, region, created.Id);
        Assert.Equal([ProjectHistoryKinds.Created, ProjectHistoryKinds.Updated], history.Select(entry => entry.Kind));
        Assert.Equal(["code", "title", "fieldOfActionId", "plannedStart", "estimatedCost"], history[1].ChangedFields);
        Assert.Equal((await ProjectApi.ListAllAsync(coordinator, region, "q=LP-08")).Single().Id, created.Id);
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_version_and_the_history()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with { EstimatedCost = 10m });

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, created.Id), ProjectApi.EditOf(created) with { EstimatedCost = 10.00m }, created.ETag());

        Assert.Equivalent(created, await response.ReadAsync<ProjectResponse>(), strict: true);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Single(await ProjectApi.HistoryAsync(coordinator, region, created.Id));
    }

    [Fact]
    public async Task Update_needs_the_current_ETag_and_changes_nothing_without_it()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);
        var body = ProjectApi.EditOf(created) with { Title = "Anders" };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var stale = await coordinator.PutJsonAsync(route, body, ifMatch: "\"7\"");
        // If-Match compares strongly (RFC 9110), so a weak tag of the current version matches nothing.
        var weak = await coordinator.PutJsonAsync(route, body, ifMatch: "W/\"1\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        await weak.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        Assert.Equivalent(created, await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>(), strict: true);
        Assert.Single(await ProjectApi.HistoryAsync(coordinator, region, created.Id));
    }

    [Fact]
    public async Task Concurrent_updates_with_the_same_ETag_let_exactly_one_win()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with { Title = $"Titel {i}" }, created.ETag())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await lost.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        }

        var current = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal(2, current.Version);
        Assert.Equal(2, (await ProjectApi.HistoryAsync(coordinator, region, created.Id)).Count);
    }

    public static TheoryData<string, string> InvalidUpdates() => new()
    {
        { "end before start", "plannedEnd" },
        { "negative cost", "estimatedCost" },
        { "cost with 3 decimals", "estimatedCost" },
        { "unknown field of action", "fieldOfActionId" },
        { "field of action of another region", "fieldOfActionId" },
        { "unknown theme", "themes" },
        { "theme of another region", "themes" },
        { "malformed code", "code" },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task An_invalid_update_is_a_400_naming_the_field_and_changes_nothing(string invalid, string field)
    {
        var (region, coordinator, fieldOfAction) = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var foreignField = await ProjectApi.FieldOfActionAsync(app.Admin(), other);
        var foreignTheme = await ProjectApi.ThemeAsync(app.Admin(), other, "Daten");
        var theme = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", fieldOfAction) with
        {
            PlannedStart = new DateOnly(2025, 1, 1),
            Themes = [theme],
        });
        var valid = ProjectApi.EditOf(created) with { Title = "Geändert" };
        var body = invalid switch
        {
            "end before start" => valid with { PlannedEnd = new DateOnly(2024, 12, 31) },
            "negative cost" => valid with { EstimatedCost = -5m },
            "cost with 3 decimals" => valid with { EstimatedCost = 0.001m },
            "unknown field of action" => valid with { FieldOfActionId = Guid.CreateVersion7() },
            "field of action of another region" => valid with { FieldOfActionId = foreignField },
            "unknown theme" => valid with { Themes = [Guid.CreateVersion7()] },
            "theme of another region" => valid with { Themes = [theme, foreignTheme] },
            "malformed code" => valid with { Code = "LP_07" },
            _ => throw new ArgumentOutOfRangeException(nameof(invalid), invalid, null),
        };

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, created.Id), body, created.ETag());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal([field], problem.Errors!.Keys);
        Assert.Equivalent(created, await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>(), strict: true);
        Assert.Single(await ProjectApi.HistoryAsync(coordinator, region, created.Id));
    }

    [Fact]
    public async Task Themes_are_kept_as_a_set_and_replaced_by_update()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var daten = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var beteiligung = await ProjectApi.ThemeAsync(coordinator, region, "Beteiligung");
        var klima = await ProjectApi.ThemeAsync(coordinator, region, "Klimaanpassung");
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with { Themes = [klima, daten] });
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var reordered = await coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with { Themes = [daten, klima] }, created.ETag());
        var replaced = await coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with { Themes = [beteiligung] }, created.ETag());

        Assert.Equal(new[] { klima, daten }.Order(), created.Themes);
        Assert.Equal(1, (await reordered.ReadAsync<ProjectResponse>()).Version);
        var updated = await replaced.ReadAsync<ProjectResponse>();
        Assert.Equal([beteiligung], updated.Themes);
        Assert.Equal(2, updated.Version);
        Assert.Equivalent(updated, await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>(), strict: true);
        Assert.Equal(["themes"], (await ProjectApi.HistoryAsync(coordinator, region, created.Id))[^1].ChangedFields);

        var cleared = await (await coordinator.PutJsonAsync(route, ProjectApi.EditOf(updated) with { Themes = null }, updated.ETag())).ReadAsync<ProjectResponse>();

        Assert.Empty(cleared.Themes);
    }

    [Fact]
    public async Task Renaming_to_another_projects_code_is_a_409_and_changes_nothing()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var other = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-08", field));

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, other.Id), ProjectApi.EditOf(other) with { Code = "LP-07" }, other.ETag());

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal(["LP-07", "LP-08"], (await ProjectApi.ListAllAsync(coordinator, region)).Select(p => p.Code));
    }

    [Theory]
    [InlineData(ProjectStatus.Completed)]
    [InlineData(ProjectStatus.Discontinued)]
    public async Task A_closed_project_refuses_edits_with_409(ProjectStatus closed)
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var project = await new ProjectBuilder(region).WithCode("LP-07").InFieldOfAction(field).InStatus(closed).BuildAsync();

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, project.Id), ProjectApi.EditOf(project) with { Title = "Neu" }, project.ETag());

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectLifecycle.ProjectClosedType);
        Assert.Equal(project.Title, (await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<ProjectResponse>()).Title);
    }

    [Fact]
    public async Task Status_and_proposer_are_not_editable_through_update()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var response = await coordinator.SendRawAsync(HttpMethod.Put, route,
            $$"""{"code":"LP-07","title":"Neu","fieldOfActionId":"{{field}}","costSharingKey":"equal","category":"lead","status":"adopted","proposedBy":"{{region.Ags(Ahlen)}}"}""",
            ifMatch: created.ETag());

        // They are not part of the update body, so sending them is refused as unknown properties (conventions).
        var problem = await response.ShouldBeProblemAsync(System.Net.HttpStatusCode.BadRequest, SmartRegion.Api.Http.ProblemTypes.Validation);
        Assert.Contains("status", problem.Errors!.Keys);
        var current = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal((created.Title, ProjectStatus.Draft, (string?)null, created.Version), (current.Title, current.Status, current.ProposedBy, current.Version));
    }

    [Fact]
    public async Task A_category_change_through_update_needs_a_decision_and_changes_nothing()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var response = await coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with { Title = "Neu", Category = ProjectCategory.Potential }, created.ETag());

        await response.ShouldBeProblemAsync(System.Net.HttpStatusCode.Conflict, ProjectLifecycle.DecisionRequiredType);
        var current = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal((created.Title, ProjectCategory.Lead, created.Version), (current.Title, current.Category, current.Version));
    }

    [Fact]
    public async Task Delete_removes_a_draft_under_If_Match_and_keeps_a_change_record()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var draft = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
        var route = DeleteProjectRequest.BuildRoute(region.Slug, draft.Id);

        var missing = await coordinator.DeleteAsync(route, ifMatch: null);
        var stale = await coordinator.DeleteAsync(route, ifMatch: "\"2\"");
        Assert.Single(await ProjectApi.ListAllAsync(coordinator, region));
        var deleted = await coordinator.DeleteAsync(route, draft.ETag());
        var again = await coordinator.DeleteAsync(route, draft.ETag());

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await again.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, draft.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ProjectApi.ListAllAsync(coordinator, region));
        // The code is free again for a new project.
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field));
    }

    [Theory]
    [InlineData(ProjectStatus.Proposed)]
    [InlineData(ProjectStatus.Adopted)]
    [InlineData(ProjectStatus.OnHold)]
    [InlineData(ProjectStatus.Discontinued)]
    public async Task Only_drafts_can_be_deleted(ProjectStatus status)
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var project = await new ProjectBuilder(region).WithCode("LP-07").InFieldOfAction(field).InStatus(status).BuildAsync();

        var response = await coordinator.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, project.Id), project.ETag());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProjectRules.OnlyDraftsDeletableType);
        Assert.Contains("Lenkungskreis", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(project.Id, (await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<ProjectResponse>()).Id);
    }

    [Fact]
    public async Task A_member_proposes_in_its_own_name_only()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Ahlen), "Stadt Ahlen");
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Beckum), "Stadt Beckum");
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));

        var implicitly = await ProjectApi.CreateAsync(ahlen, region, ProjectApi.NewProject("LP-01", field));
        var explicitly = await ProjectApi.CreateAsync(ahlen, region, ProjectApi.NewProject("LP-02", field) with { ProposedBy = region.Ags(Ahlen), Status = ProjectStatus.Proposed });
        var forBeckum = await ahlen.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-03", field) with { ProposedBy = region.Ags(Beckum) });

        Assert.Equal((region.Ags(Ahlen), ProjectStatus.Draft), (implicitly.ProposedBy, implicitly.Status));
        Assert.Equal((region.Ags(Ahlen), ProjectStatus.Proposed), (explicitly.ProposedBy, explicitly.Status));
        await forBeckum.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(["LP-01", "LP-02"], (await ProjectApi.ListAllAsync(coordinator, region)).Select(p => p.Code));
    }

    [Fact]
    public async Task A_coordinator_proposes_for_any_member_of_the_region()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Beckum), "Stadt Beckum");

        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with { ProposedBy = region.Ags(Beckum) });

        Assert.Equal(region.Ags(Beckum), created.ProposedBy);
    }

    [Fact]
    public async Task A_member_edits_and_withdraws_its_own_drafts_but_nothing_else()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Ahlen), "Stadt Ahlen");
        await ProjectApi.MemberAsync(coordinator, region, region.Ags(Beckum), "Stadt Beckum");
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var ownDraft = await ProjectApi.CreateAsync(ahlen, region, ProjectApi.NewProject("LP-01", field));
        var ownProposal = await ProjectApi.CreateAsync(ahlen, region, ProjectApi.NewProject("LP-02", field) with { Status = ProjectStatus.Proposed });
        var othersDraft = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-03", field) with { ProposedBy = region.Ags(Beckum) });
        var nobodysDraft = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-04", field));

        var edited = await ahlen.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, ownDraft.Id), ProjectApi.EditOf(ownDraft) with { Title = "Von Ahlen geändert" }, ownDraft.ETag());
        var editProposal = await ahlen.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, ownProposal.Id), ProjectApi.EditOf(ownProposal) with { Title = "Nein" }, ownProposal.ETag());
        var editOthers = await ahlen.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, othersDraft.Id), ProjectApi.EditOf(othersDraft) with { Title = "Nein" }, othersDraft.ETag());
        var editNobodys = await ahlen.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, nobodysDraft.Id), ProjectApi.EditOf(nobodysDraft) with { Title = "Nein" }, nobodysDraft.ETag());
        var deleteProposal = await ahlen.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, ownProposal.Id), ownProposal.ETag());
        var deleteOthers = await ahlen.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, othersDraft.Id), othersDraft.ETag());

        Assert.Equal("Von Ahlen geändert", (await edited.ReadAsync<ProjectResponse>()).Title);
        await editProposal.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await editOthers.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await editNobodys.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await deleteProposal.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await deleteOthers.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var all = await ProjectApi.ListAllAsync(coordinator, region);
        Assert.Equal(["Von Ahlen geändert", ownProposal.Title, othersDraft.Title, nobodysDraft.Title], all.Select(p => p.Title));

        var withdrawn = await ahlen.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, ownDraft.Id), "\"2\"");

        Assert.Equal(HttpStatusCode.NoContent, withdrawn.StatusCode);
        Assert.Equal(["LP-02", "LP-03", "LP-04"], (await ProjectApi.ListAllAsync(coordinator, region)).Select(p => p.Code));
    }

    [Fact]
    public async Task Readers_and_admins_cannot_write_projects()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var reader = await region.ReaderAsync();
        var draft = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));

        foreach (var client in new[] { reader, app.Admin() })
        {
            var create = await client.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), ProjectApi.NewProject("LP-02", field));
            var update = await client.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, draft.Id), ProjectApi.EditOf(draft) with { Title = "Nein" }, draft.ETag());
            var delete = await client.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, draft.Id), draft.ETag());

            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await update.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await delete.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        var all = await ProjectApi.ListAllAsync(reader, region);
        Assert.Equivalent(new[] { draft }, all, strict: true);
    }

    [Fact]
    public async Task Another_regions_project_is_404_and_a_malformed_id_400()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var (other, otherCoordinator, _) = await ArrangeAsync();
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));

        var viaOtherRegion = await otherCoordinator.GetAsync(GetProjectRequest.BuildRoute(other.Slug, project.Id));
        var intoOtherRegion = await otherCoordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id));
        var updateFromOther = await otherCoordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(other.Slug, project.Id), ProjectApi.EditOf(project), project.ETag());
        var deleteFromOther = await otherCoordinator.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, project.Id), project.ETag());
        var unknown = await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, Guid.CreateVersion7()));
        var malformed = await coordinator.GetAsync($"{CreateProjectRequest.BuildRoute(region.Slug)}/not-a-uuid");

        await viaOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await intoOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await updateFromOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await deleteFromOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Single(await ProjectApi.ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task Every_write_is_in_the_history_and_a_failed_one_is_not()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var route = UpdateProjectRequest.BuildRoute(region.Slug, created.Id);

        var first = await (await coordinator.PutJsonAsync(route, ProjectApi.EditOf(created) with { Summary = "Neu" }, created.ETag())).ReadAsync<ProjectResponse>();
        await (await coordinator.PutJsonAsync(route, ProjectApi.EditOf(first) with { EstimatedCost = -1m }, first.ETag())).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await coordinator.PutJsonAsync(route, ProjectApi.EditOf(first) with { CostSharingKey = CostSharingKey.Custom, Description = "Text" }, first.ETag())).ReadAsync<ProjectResponse>();

        var history = await ProjectApi.HistoryAsync(coordinator, region, created.Id);
        Assert.Equal([ProjectHistoryKinds.Created, ProjectHistoryKinds.Updated, ProjectHistoryKinds.Updated], history.Select(entry => entry.Kind));
        Assert.Equal(["summary"], history[1].ChangedFields);
        Assert.Equal(["description", "costSharingKey"], history[2].ChangedFields);
        Assert.All(history, entry => Assert.False(string.IsNullOrEmpty(entry.Actor)));
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, Guid FieldOfAction)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        return (region, coordinator, await ProjectApi.FieldOfActionAsync(coordinator, region));
    }
}

/// <summary>Arranges and reads projects through the API, for the project tests.</summary>
internal static class ProjectApi
{
    public static async Task<Guid> FieldOfActionAsync(HttpClient client, TestRegion region, string name = "Klimaschutz, Mobilität & Umwelt")
    {
        var response = await client.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = name });
        return (await response.ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created)).Id;
    }

    public static async Task<Guid> ThemeAsync(HttpClient client, TestRegion region, string name)
    {
        var response = await client.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = name });
        return (await response.ReadAsync<ThemeResponse>(HttpStatusCode.Created)).Id;
    }

    public static async Task MemberAsync(HttpClient coordinator, TestRegion region, string ags, string name)
    {
        var response = await coordinator.PostJsonAsync(
            CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ags, Kind = MemberKind.Municipality, Name = name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>The smallest valid body: a lead project with an equal cost split.</summary>
    public static CreateProjectRequest NewProject(string code, Guid fieldOfAction, string? title = null) => new()
    {
        Code = code,
        Title = title ?? $"Beispiel: Projekt {code}",
        Category = ProjectCategory.Lead,
        FieldOfActionId = fieldOfAction,
        CostSharingKey = CostSharingKey.Equal,
    };

    public static async Task<ProjectResponse> CreateAsync(HttpClient client, TestRegion region, CreateProjectRequest body)
    {
        var response = await client.PostJsonAsync(CreateProjectRequest.BuildRoute(region.Slug), body);
        return await response.ReadAsync<ProjectResponse>(HttpStatusCode.Created);
    }

    /// <summary>An update body that keeps everything as it is.</summary>
    public static UpdateProjectRequest EditOf(ProjectResponse project) => new()
    {
        Code = project.Code,
        Title = project.Title,
        Summary = project.Summary,
        Description = project.Description,
        FieldOfActionId = project.FieldOfActionId,
        Themes = [.. project.Themes],
        PlannedStart = project.PlannedStart,
        PlannedEnd = project.PlannedEnd,
        EstimatedCost = project.EstimatedCost,
        CostSharingKey = project.CostSharingKey,
    };

    /// <summary>Every project the query finds, following <c>nextCursor</c> to the end.</summary>
    public static async Task<List<ProjectResponse>> ListAllAsync(HttpClient client, TestRegion region, string query = "")
    {
        var items = new List<ProjectResponse>();
        string? cursor = null;
        do
        {
            var parts = new[] { query, cursor is null ? string.Empty : $"cursor={cursor}" }.Where(part => part.Length > 0);
            var page = await (await client.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?{string.Join('&', parts)}")).ReadAsync<Page<ProjectResponse>>();
            items.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return items;
    }

    public static async Task<List<ProjectHistoryEntryResponse>> HistoryAsync(HttpClient client, TestRegion region, Guid id)
    {
        var page = await (await client.GetAsync($"{ListProjectHistoryRequest.BuildRoute(region.Slug, id)}?limit=200")).ReadAsync<Page<ProjectHistoryEntryResponse>>();
        return [.. page.Items];
    }
}
