using System.Globalization;
using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectListTestsOnSqlite(SqliteApp app) : ProjectListTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectListTestsOnSqlServer(SqlServerApp app) : ProjectListTests(app);

/// <summary>The project list: ordered by code, filtered, searched, and paged without gaps or repeats.</summary>
public abstract class ProjectListTests
{
    private readonly SmartRegionApp app;

    protected ProjectListTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Projects_are_listed_by_code_as_full_projects_for_every_role()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var reader = await region.ReaderAsync();
        var second = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field) with { EstimatedCost = 50m, Summary = "Zwei" });
        var first = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var potential = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("PP-01", field) with { Category = ProjectCategory.Potential });

        var response = await reader.GetAsync(ListProjectsRequest.BuildRoute(region.Slug));

        var page = await response.ReadAsync<Page<ProjectResponse>>();
        Assert.Equivalent(new[] { first, second, potential }, page.Items, strict: true);
        Assert.Null(page.NextCursor);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Another_regions_projects_never_show()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var (other, otherCoordinator, otherField) = await ArrangeAsync();
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        await ProjectApi.CreateAsync(otherCoordinator, other, ProjectApi.NewProject("LP-02", otherField));

        var mine = await ProjectApi.ListAllAsync(coordinator, region);
        var foreign = await otherCoordinator.GetAsync(ListProjectsRequest.BuildRoute(region.Slug));

        Assert.Equal(["LP-01"], mine.Select(p => p.Code));
        await foreign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("mobilitat")]
    [InlineData("Mobilität")]
    [InlineData("MOBILITÄT")]
    [InlineData("mobilit")]
    [InlineData("  Mobilität   für  ")]
    [InlineData("FÜR ALLE")]
    public async Task Text_search_ignores_case_umlauts_and_spacing(string q)
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var wanted = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Mobilität für alle"));
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field, "Glasfaser für Gewerbegebiete"));

        var found = await ProjectApi.ListAllAsync(coordinator, region, $"q={Uri.EscapeDataString(q)}");

        Assert.Equal([wanted.Id], found.Select(p => p.Id));
    }

    [Fact]
    public async Task Text_search_covers_code_title_and_summary_but_not_the_description()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Straßenbeleuchtung") with { Summary = "Smarte Laternen", Description = "Geheimwort" });
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("KP-99", field, "Bürgerportal"));

        Assert.Equal(["LP-01"], await CodesAsync(coordinator, region, "q=strassen"));
        Assert.Equal(["LP-01"], await CodesAsync(coordinator, region, "q=laternen"));
        Assert.Equal(["KP-99"], await CodesAsync(coordinator, region, "q=kp-9"));
        Assert.Equal(["KP-99"], await CodesAsync(coordinator, region, "q=burger"));
        Assert.Empty(await CodesAsync(coordinator, region, "q=geheimwort"));
        Assert.Empty(await CodesAsync(coordinator, region, "q=xyz"));
    }

    [Fact]
    public async Task Like_wildcards_in_the_search_text_are_taken_literally()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "100% digital"));
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field, "1000 digitale Schulen"));
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-03", field, "snake_case [intern]"));
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-04", field, "snakeXcase intern"));

        Assert.Equal(["LP-01"], await CodesAsync(coordinator, region, $"q={Uri.EscapeDataString("100%")}"));
        Assert.Equal(["LP-03"], await CodesAsync(coordinator, region, "q=snake_case"));
        Assert.Equal(["LP-03"], await CodesAsync(coordinator, region, $"q={Uri.EscapeDataString("[intern]")}"));
    }

    [Fact]
    public async Task A_search_text_changes_with_the_project()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Glasfaser"));

        await (await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, created.Id), ProjectApi.EditOf(created) with { Title = "Mobilität" }, created.ETag()))
            .ReadAsync<ProjectResponse>();

        Assert.Empty(await CodesAsync(coordinator, region, "q=glasfaser"));
        Assert.Equal(["LP-01"], await CodesAsync(coordinator, region, "q=mobilitat"));
    }

    [Fact]
    public async Task Filters_by_category_status_and_field_of_action_combine()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var otherField = await ProjectApi.FieldOfActionAsync(coordinator, region, "Verwaltung");
        await Build(region, "LP-01", field, ProjectStatus.Proposed);
        await Build(region, "LP-02", field, ProjectStatus.Adopted);
        await Build(region, "LP-03", field, ProjectStatus.Draft);
        await Build(region, "LP-04", otherField, ProjectStatus.Proposed);
        await Build(region, "PP-01", field, ProjectStatus.Proposed, ProjectCategory.Potential);
        await Build(region, "PP-02", field, ProjectStatus.InImplementation, ProjectCategory.Potential);
        await Build(region, "LP-05", field, ProjectStatus.OnHold);

        Assert.Equal(["LP-01", "LP-02", "LP-03", "LP-04", "LP-05"], await CodesAsync(coordinator, region, "category=lead"));
        Assert.Equal(["LP-01", "LP-04", "PP-01"], await CodesAsync(coordinator, region, "status=proposed"));
        Assert.Equal(["LP-01", "LP-02", "LP-04", "PP-01"], await CodesAsync(coordinator, region, "status=proposed&status=adopted"));
        Assert.Equal(["LP-05", "PP-02"], await CodesAsync(coordinator, region, "status=in_implementation&status=on_hold"));
        Assert.Equal(["LP-04"], await CodesAsync(coordinator, region, $"fieldOfAction={otherField}"));
        Assert.Equal(["LP-01", "LP-02"], await CodesAsync(coordinator, region, $"category=lead&status=proposed&status=adopted&fieldOfAction={field}"));
        Assert.Equal(["PP-01"], await CodesAsync(coordinator, region, $"category=potential&status=proposed&fieldOfAction={field}"));
        Assert.Equal(["LP-02"], await CodesAsync(coordinator, region, $"category=lead&status=adopted&fieldOfAction={field}&q=lp-02"));
        Assert.Empty(await CodesAsync(coordinator, region, $"category=potential&fieldOfAction={otherField}"));
        Assert.Empty(await CodesAsync(coordinator, region, $"fieldOfAction={Guid.CreateVersion7()}"));
        Assert.Empty(await CodesAsync(coordinator, region, $"theme={Guid.CreateVersion7()}"));
    }

    [Fact]
    public async Task The_theme_filter_combines_with_category_status_and_field_of_action()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var otherField = await ProjectApi.FieldOfActionAsync(coordinator, region, "Verwaltung");
        var daten = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var beteiligung = await ProjectApi.ThemeAsync(coordinator, region, "Beteiligung");
        await Build(region, "LP-01", field, ProjectStatus.Proposed, themes: [daten]);
        await Build(region, "LP-02", field, ProjectStatus.Proposed, themes: [daten, beteiligung]);
        await Build(region, "LP-03", field, ProjectStatus.Adopted, themes: [beteiligung]);
        await Build(region, "LP-04", otherField, ProjectStatus.Proposed, themes: [daten]);
        await Build(region, "LP-05", field, ProjectStatus.Draft, themes: [daten]);
        await Build(region, "PP-01", field, ProjectStatus.Proposed, ProjectCategory.Potential, [daten]);
        await Build(region, "PP-02", field, ProjectStatus.Proposed, ProjectCategory.Potential);

        Assert.Equal(["LP-01", "LP-02", "LP-04", "LP-05", "PP-01"], await CodesAsync(coordinator, region, $"theme={daten}"));
        Assert.Equal(["LP-02", "LP-03"], await CodesAsync(coordinator, region, $"theme={beteiligung}"));
        Assert.Equal(["LP-01", "LP-02"], await CodesAsync(coordinator, region, $"category=lead&status=proposed&fieldOfAction={field}&theme={daten}"));
        Assert.Equal(["LP-02", "LP-03"], await CodesAsync(coordinator, region, $"category=lead&status=proposed&status=adopted&fieldOfAction={field}&theme={beteiligung}"));
        Assert.Equal(["PP-01"], await CodesAsync(coordinator, region, $"category=potential&status=proposed&fieldOfAction={field}&theme={daten}"));
        Assert.Equal(["LP-02"], await CodesAsync(coordinator, region, $"category=lead&status=proposed&fieldOfAction={field}&theme={beteiligung}&q=lp-02"));
        Assert.Empty(await CodesAsync(coordinator, region, $"category=lead&status=adopted&fieldOfAction={otherField}&theme={daten}"));
        // A project with two themes is listed once, with both of them.
        var two = (await ProjectApi.ListAllAsync(coordinator, region, $"theme={daten}&limit=1")).Single(p => p.Code == "LP-02");
        Assert.Equal(new[] { daten, beteiligung }.Order(), two.Themes);
    }

    [Fact]
    public async Task Listed_projects_carry_their_themes_and_funding_like_a_single_read()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var daten = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var funded = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with { EstimatedCost = 1000m, Themes = [daten] });
        var plain = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field) with { EstimatedCost = 500m });
        foreach (var (amount, status) in new[] { (600.50m, FundingStatus.Granted), (300m, FundingStatus.Applied), (100m, FundingStatus.Granted) })
        {
            var added = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, funded.Id), new AddFundingSourceRequest
            {
                Programme = "Förderprogramm",
                FundingBody = "Land Nordrhein-Westfalen",
                Amount = amount,
                Status = status,
            });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var listed = await ProjectApi.ListAllAsync(coordinator, region, "limit=1");

        var read = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, funded.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal((3, 700.50m, 299.50m), (read.Funding.Count, read.GrantedFunding, read.OwnCost));
        Assert.Equal([600.50m, 300m, 100m], read.Funding.Select(f => f.Amount));
        Assert.Equivalent(read, listed[0], strict: true);
        Assert.Equivalent(plain, listed[1], strict: true);
    }

    [Fact]
    public async Task Modified_since_lists_what_changed_from_that_instant()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var old = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var untouched = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field));
        await Task.Delay(20);
        var edited = await (await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, old.Id), ProjectApi.EditOf(old) with { Title = "Neu" }, old.ETag()))
            .ReadAsync<ProjectResponse>();
        var fresh = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-03", field));

        var since = Uri.EscapeDataString(edited.UpdatedAt.ToString("O", CultureInfo.InvariantCulture));
        var later = Uri.EscapeDataString(fresh.UpdatedAt.AddSeconds(1).ToString("O", CultureInfo.InvariantCulture));

        Assert.Equal(["LP-01", "LP-03"], await CodesAsync(coordinator, region, $"modifiedSince={since}"));
        Assert.Empty(await CodesAsync(coordinator, region, $"modifiedSince={later}"));
        Assert.True(untouched.UpdatedAt < edited.UpdatedAt);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("category=leitprojekt", "category")]
    [InlineData("fieldOfAction=not-a-uuid", "fieldOfAction")]
    [InlineData("modifiedSince=yesterday", "modifiedSince")]
    public async Task A_malformed_query_is_a_400_naming_the_parameter(string query, string parameter)
    {
        var (region, coordinator, _) = await ArrangeAsync();

        var response = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal([parameter], problem.Errors!.Keys);
    }

    [Fact]
    public async Task An_unknown_status_among_several_is_a_400()
    {
        var (region, coordinator, _) = await ArrangeAsync();

        var response = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?status=proposed&status=finished");

        // FastEndpoints binds a repeated parameter as a JSON array, so the error names the position in it.
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Single(problem.Errors!);
    }

    [Fact]
    public async Task A_search_of_more_than_100_characters_or_a_foreign_cursor_is_a_400()
    {
        var (region, coordinator, _) = await ArrangeAsync();

        var longest = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?q={new string('a', ProjectRules.SearchMaxLength)}");
        var overlong = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?q={new string('a', ProjectRules.SearchMaxLength + 1)}");
        var cursor = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?cursor=bm90LWEtY3Vyc29y");

        Assert.Empty((await longest.ReadAsync<Page<ProjectResponse>>()).Items);
        Assert.Equal(["q"], (await overlong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys);
        await cursor.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task Pages_carry_a_next_link_that_keeps_the_filters()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        foreach (var code in new[] { "LP-01", "LP-02", "LP-03", "PP-01" })
        {
            await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject(code, field) with
            {
                Category = code.StartsWith('P') ? ProjectCategory.Potential : ProjectCategory.Lead,
            });
        }

        var first = await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?category=lead&limit=2");
        var firstPage = await first.ReadAsync<Page<ProjectResponse>>();
        var link = first.Headers.GetValues("Link").Single();
        var next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
        var secondPage = await (await coordinator.GetAsync(next)).ReadAsync<Page<ProjectResponse>>();

        Assert.Equal(["LP-01", "LP-02"], firstPage.Items.Select(p => p.Code));
        Assert.Contains("category=lead", next, StringComparison.Ordinal);
        Assert.Equal(["LP-03"], secondPage.Items.Select(p => p.Code));
        Assert.Null(secondPage.NextCursor);
    }

    [Fact]
    public async Task Paging_walks_500_projects_once_each_in_code_order_while_others_are_inserted()
    {
        var (region, coordinator, field) = await ArrangeAsync();
        var route = CreateProjectRequest.BuildRoute(region.Slug);
        var codes = Enumerable.Range(1, 500).Select(i => $"M-{i * 2:D4}").ToList();
        foreach (var batch in codes.Chunk(10))
        {
            var responses = await Task.WhenAll(batch.Select(code => coordinator.PostJsonAsync(route, ProjectApi.NewProject(code, field))));
            Assert.All(responses, response => Assert.Equal(HttpStatusCode.Created, response.StatusCode));
        }

        var seen = new List<string>();
        string? cursor = null;
        var pageNumber = 0;
        do
        {
            var query = cursor is null ? "limit=37" : $"limit=37&cursor={cursor}";
            var page = await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?{query}")).ReadAsync<Page<ProjectResponse>>();
            Assert.True(page.Items.Count <= 37);
            seen.AddRange(page.Items.Select(p => p.Code));
            cursor = page.NextCursor;
            pageNumber++;

            // New projects at both ends of the list and, while the walk is among the original (even) codes, just
            // before and just after the cursor: only those after it may show up.
            var inserts = new List<string> { $"A-{pageNumber:D4}", $"Z-{pageNumber:D4}" };
            if (page.Items.Count > 0 && codes.Contains(page.Items[^1].Code))
            {
                var last = int.Parse(page.Items[^1].Code[2..], CultureInfo.InvariantCulture);
                inserts.AddRange([$"M-{last - 1:D4}", $"M-{last + 1:D4}"]);
            }

            foreach (var code in inserts)
            {
                await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject(code, field));
            }
        }
        while (cursor is not null);

        var original = seen.Where(codes.Contains).ToList();
        Assert.Equal(codes, original);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
        // Projects inserted after the cursor show up on a later page; those before it do not.
        Assert.DoesNotContain(seen, code => code.StartsWith("A-", StringComparison.Ordinal));
        Assert.Contains(seen, code => code.StartsWith("Z-", StringComparison.Ordinal));
        Assert.Contains(seen, code => code.StartsWith("M-", StringComparison.Ordinal) && !codes.Contains(code));
    }

    private async Task<(TestRegion Region, HttpClient Coordinator, Guid FieldOfAction)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        return (region, coordinator, await ProjectApi.FieldOfActionAsync(coordinator, region));
    }

    private static Task<ProjectResponse> Build(
        TestRegion region, string code, Guid field, ProjectStatus status, ProjectCategory category = ProjectCategory.Lead, Guid[]? themes = null) =>
        new ProjectBuilder(region).WithCode(code).InFieldOfAction(field).WithCategory(category).WithThemes(themes ?? [])
            .InStatus(status, status == ProjectStatus.OnHold ? ProjectStatus.InImplementation : null).BuildAsync();

    private static async Task<List<string>> CodesAsync(HttpClient client, TestRegion region, string query) =>
        (await ProjectApi.ListAllAsync(client, region, query)).Select(p => p.Code).ToList();
}
