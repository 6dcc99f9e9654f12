using System.Globalization;
using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Themes;

[Collection(SqliteCollection.Name)]
public sealed class ThemesTestsOnSqlite(SqliteApp app) : ThemesTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ThemesTestsOnSqlServer(SqlServerApp app) : ThemesTests(app);

/// <summary>Themes (Querschnittsthemen): a per-region list of tags, unique by name regardless of case, edited with If-Match.</summary>
public abstract class ThemesTests
{
    private readonly SmartRegionApp app;

    protected ThemesTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_coordinator_creates_a_theme_that_readers_read_and_list()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var reader = await region.ReaderAsync();

        var response = await coordinator.PostJsonAsync(
            CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Beteiligung", Description = "Bürgerinnen und Bürger „mitnehmen“" });

        var created = await response.ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        Assert.Equal(("Beteiligung", "Bürgerinnen und Bürger „mitnehmen“", 1), (created.Name, created.Description, created.Version));
        Assert.Equal(7, created.Id.Version);
        Assert.Equal(created.CreatedAt, created.UpdatedAt);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(GetThemeRequest.BuildRoute(region.Slug, created.Id), response.Headers.Location?.OriginalString);

        var get = await reader.GetAsync(GetThemeRequest.BuildRoute(region.Slug, created.Id));
        Assert.Equal(created, await get.ReadAsync<ThemeResponse>());
        Assert.Equal("\"1\"", get.ETag());
        var page = await (await reader.GetAsync(ListThemesRequest.BuildRoute(region.Slug))).ReadAsync<Page<ThemeResponse>>();
        Assert.Equal([created], page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task An_admin_may_create_themes_too()
    {
        var region = await app.NewRegionAsync();

        var created = await CreateAsync(app.Admin(), region, "Daten");

        Assert.Equal([created], await ListAllAsync(await region.ReaderAsync(), region));
    }

    [Fact]
    public async Task A_name_differing_only_in_case_or_spacing_is_a_409_duplicate_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var original = await CreateAsync(coordinator, region, "Open Data");

        var upper = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "OPEN DATA" });
        var spaced = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = " open   data " });

        await upper.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        await spaced.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal([original], await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task Concurrent_creates_of_one_name_store_it_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var responses = await Task.WhenAll(Enumerable.Range(1, 5).Select(_ =>
            coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Nachhaltigkeit" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        }

        Assert.Single(await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task The_same_name_in_another_region_is_fine()
    {
        var first = await app.NewRegionAsync();
        var second = await app.NewRegionAsync();

        var mine = await CreateAsync(app.Admin(), first, "Daten");
        var theirs = await CreateAsync(app.Admin(), second, "Daten");

        Assert.NotEqual(mine.Id, theirs.Id);
    }

    [Fact]
    public async Task An_overlong_or_empty_name_or_an_overlong_description_is_400_naming_the_fields_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var overlong = await coordinator.PostJsonAsync(
            CreateThemeRequest.BuildRoute(region.Slug),
            new CreateThemeRequest { Name = new string('x', ThemeRules.NameMaxLength + 1), Description = new string('y', ThemeRules.DescriptionMaxLength + 1) });
        var empty = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "   " });

        var problem = await overlong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["description", "name"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        var emptyProblem = await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["name"], emptyProblem.Errors!.Keys);
        Assert.Empty(await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task A_name_of_exactly_100_characters_is_accepted_and_round_trips()
    {
        var region = await app.NewRegionAsync();
        var name = new string('ß', ThemeRules.NameMaxLength);

        var created = await CreateAsync(app.Admin(), region, name);

        Assert.Equal(name, created.Name);
        Assert.Equal(name, (await (await app.Admin().GetAsync(GetThemeRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ThemeResponse>()).Name);
    }

    [Fact]
    public async Task Update_replaces_name_and_description_and_needs_the_current_ETag()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await CreateAsync(coordinator, region, "Daten", "Alt");
        var route = UpdateThemeRequest.BuildRoute(region.Slug, created.Id);
        var body = new UpdateThemeRequest { Name = "Daten & KI", Description = "Neu" };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var updated = await coordinator.PutJsonAsync(route, body, ifMatch: created.ETag());
        var stale = await coordinator.PutJsonAsync(route, body with { Name = "Veraltet" }, ifMatch: created.ETag());

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var read = await updated.ReadAsync<ThemeResponse>();
        Assert.Equal(("Daten & KI", "Neu", 2, created.CreatedAt), (read.Name, read.Description, read.Version, read.CreatedAt));
        Assert.True(read.UpdatedAt >= created.UpdatedAt);
        Assert.Equal("\"2\"", updated.ETag());
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(read, await (await coordinator.GetAsync(GetThemeRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<ThemeResponse>());
    }

    [Fact]
    public async Task Renaming_to_another_themes_name_is_a_409_duplicate_but_recasing_its_own_is_fine()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var daten = await CreateAsync(coordinator, region, "Daten");
        var other = await CreateAsync(coordinator, region, "Beteiligung");

        var clash = await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, other.Id), new UpdateThemeRequest { Name = "DATEN" }, other.ETag());
        var recased = await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, other.Id), new UpdateThemeRequest { Name = "BETEILIGUNG" }, other.ETag());

        await clash.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal("BETEILIGUNG", (await recased.ReadAsync<ThemeResponse>()).Name);
        Assert.Equal(daten, await (await coordinator.GetAsync(GetThemeRequest.BuildRoute(region.Slug, daten.Id))).ReadAsync<ThemeResponse>());
    }

    [Fact]
    public async Task Delete_needs_the_current_ETag_and_removes_the_theme()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var keep = await CreateAsync(coordinator, region, "Beteiligung");
        var theme = await CreateAsync(coordinator, region, "Daten");
        var route = DeleteThemeRequest.BuildRoute(region.Slug, theme.Id);

        var missing = await coordinator.DeleteAsync(route, ifMatch: null);
        var stale = await coordinator.DeleteAsync(route, ifMatch: "\"7\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal([keep, theme], await ListAllAsync(coordinator, region));

        var deleted = await coordinator.DeleteAsync(route, theme.ETag());

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await coordinator.GetAsync(GetThemeRequest.BuildRoute(region.Slug, theme.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([keep], await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task A_theme_a_project_carries_cannot_be_deleted_until_no_project_carries_it()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var theme = await CreateAsync(coordinator, region, "Daten");
        var project = await new ProjectBuilder(region).WithThemes(theme.Id).BuildAsync();

        var refused = await coordinator.DeleteAsync(DeleteThemeRequest.BuildRoute(region.Slug, theme.Id), theme.ETag());

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.InUse);
        Assert.Contains("1 project", problem.Detail, StringComparison.Ordinal);
        Assert.Equal([theme], await ListAllAsync(coordinator, region));
        var tagged = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal([theme.Id], tagged.Themes);

        // Once the (draft) project is gone, nothing refers to the theme any more.
        Assert.Equal(HttpStatusCode.NoContent, (await coordinator.DeleteAsync(DeleteProjectRequest.BuildRoute(region.Slug, project.Id), project.ETag())).StatusCode);
        var deleted = await coordinator.DeleteAsync(DeleteThemeRequest.BuildRoute(region.Slug, theme.Id), theme.ETag());
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task A_reader_or_a_member_can_read_but_not_create_change_or_delete()
    {
        var region = await app.NewRegionAsync();
        var ahlen = region.Ags("004");
        await (await app.Admin().PostJsonAsync(
                CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ahlen, Kind = MemberKind.Municipality, Name = "Stadt Ahlen" }))
            .ReadAsync<MemberResponse>(HttpStatusCode.Created);
        var created = await CreateAsync(app.Admin(), region, "Daten");

        foreach (var client in new[] { await region.ReaderAsync(), await region.MemberAsync(ahlen) })
        {
            var create = await client.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Neu" });
            var update = await client.PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, created.Id), new UpdateThemeRequest { Name = "Neu" }, created.ETag());
            var delete = await client.DeleteAsync(DeleteThemeRequest.BuildRoute(region.Slug, created.Id), created.ETag());

            foreach (var response in new[] { create, update, delete })
            {
                await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            }

            Assert.Equal([created], await ListAllAsync(client, region));
        }
    }

    [Fact]
    public async Task Another_regions_key_gets_404_and_changes_nothing()
    {
        var mine = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var theirs = await CreateAsync(app.Admin(), other, "Daten");
        var coordinator = await mine.CoordinatorAsync();

        var list = await coordinator.GetAsync(ListThemesRequest.BuildRoute(other.Slug));
        var get = await coordinator.GetAsync(GetThemeRequest.BuildRoute(other.Slug, theirs.Id));
        var create = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(other.Slug), new CreateThemeRequest { Name = "Eingeschleust" });
        var update = await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(other.Slug, theirs.Id), new UpdateThemeRequest { Name = "X" }, theirs.ETag());
        var delete = await coordinator.DeleteAsync(DeleteThemeRequest.BuildRoute(other.Slug, theirs.Id), theirs.ETag());
        // Their id under my own region's address is just as unknown.
        var viaMine = await coordinator.GetAsync(GetThemeRequest.BuildRoute(mine.Slug, theirs.Id));
        var updateViaMine = await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(mine.Slug, theirs.Id), new UpdateThemeRequest { Name = "X" }, theirs.ETag());
        var deleteViaMine = await coordinator.DeleteAsync(DeleteThemeRequest.BuildRoute(mine.Slug, theirs.Id), theirs.ETag());

        foreach (var response in new[] { list, get, create, update, delete, viaMine, updateViaMine, deleteViaMine })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal([theirs], await ListAllAsync(app.Admin(), other));
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_a_problem_never_a_500()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var unknown = await reader.GetAsync(GetThemeRequest.BuildRoute(region.Slug, Guid.CreateVersion7()));
        var malformed = await reader.GetAsync($"{ListThemesRequest.BuildRoute(region.Slug)}/not-a-uuid");

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var problem = await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["id"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Get_with_the_current_ETag_in_If_None_Match_gives_304_and_after_a_change_200()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var created = await CreateAsync(app.Admin(), region, "Daten");
        var route = GetThemeRequest.BuildRoute(region.Slug, created.Id);

        var unchanged = await SendIfNoneMatchAsync(reader, route, created.ETag());
        await app.Admin().PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, created.Id), new UpdateThemeRequest { Name = "Daten & KI" }, created.ETag());
        var changed = await SendIfNoneMatchAsync(reader, route, created.ETag());

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(created.ETag(), unchanged.ETag());
        Assert.Equal("Daten & KI", (await changed.ReadAsync<ThemeResponse>()).Name);
    }

    [Fact]
    public async Task The_list_is_ordered_by_name_regardless_of_case_and_pages_visit_every_theme_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        foreach (var name in new[] { "Sicherheit", "beteiligung", "Open Data", "Daten", "nachhaltigkeit" })
        {
            await CreateAsync(coordinator, region, name);
        }

        var seen = new List<ThemeResponse>();
        var pages = 0;
        var next = $"{ListThemesRequest.BuildRoute(region.Slug)}?limit=2";
        while (next is not null)
        {
            var response = await coordinator.GetAsync(next);
            var page = await response.ReadAsync<Page<ThemeResponse>>();
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            pages++;
            next = page.NextCursor is null ? null : response.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        }

        Assert.Equal(3, pages);
        Assert.Equal(["beteiligung", "Daten", "nachhaltigkeit", "Open Data", "Sicherheit"], seen.Select(t => t.Name));
    }

    [Fact]
    public async Task ModifiedSince_lists_only_the_themes_changed_since()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var early = await CreateAsync(coordinator, region, "Beteiligung");
        var later = await CreateAsync(coordinator, region, "Daten");
        var since = Uri.EscapeDataString(later.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
        var renamed = await (await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, early.Id), new UpdateThemeRequest { Name = "Teilhabe" }, early.ETag()))
            .ReadAsync<ThemeResponse>();

        var page = await (await coordinator.GetAsync($"{ListThemesRequest.BuildRoute(region.Slug)}?modifiedSince={since}")).ReadAsync<Page<ThemeResponse>>();

        Assert.Equal([later, renamed], page.Items);
    }

    [Fact]
    public async Task A_project_may_carry_only_themes_of_its_own_region()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var foreign = await CreateAsync(app.Admin(), other, "Daten");
        var coordinator = await region.CoordinatorAsync();
        var project = await new ProjectBuilder(region).BuildAsync();

        var response = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, project.Id), new UpdateProjectRequest
        {
            Code = project.Code,
            Title = project.Title,
            FieldOfActionId = project.FieldOfActionId,
            Themes = [foreign.Id],
            CostSharingKey = project.CostSharingKey,
        }, project.ETag());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["themes"], problem.Errors!.Keys);
        Assert.Empty((await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<ProjectResponse>()).Themes);
    }

    private static async Task<ThemeResponse> CreateAsync(HttpClient client, TestRegion region, string name, string? description = null)
    {
        var response = await client.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = name, Description = description });
        return await response.ReadAsync<ThemeResponse>(HttpStatusCode.Created);
    }

    private static async Task<List<ThemeResponse>> ListAllAsync(HttpClient client, TestRegion region)
    {
        var page = await (await client.GetAsync($"{ListThemesRequest.BuildRoute(region.Slug)}?limit={PageQuery.MaxLimit}")).ReadAsync<Page<ThemeResponse>>();
        Assert.Null(page.NextCursor);
        return page.Items.ToList();
    }

    private static Task<HttpResponseMessage> SendIfNoneMatchAsync(HttpClient client, string route, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }
}
