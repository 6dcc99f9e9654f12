using System.Diagnostics;
using System.Globalization;
using System.Net;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Participations;

[Collection(SqliteCollection.Name)]
public sealed class ParticipationMatrixTestsOnSqlite(SqliteApp app) : ParticipationMatrixTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ParticipationMatrixTestsOnSqlServer(SqlServerApp app) : ParticipationMatrixTests(app);

/// <summary>
/// The participation matrix for dashboards: every member as a row, the filtered projects as columns, one cell per
/// participation with its state and role.
/// </summary>
public abstract class ParticipationMatrixTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";

    private readonly SmartRegionApp app;

    protected ParticipationMatrixTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_matrix_lists_every_member_the_projects_by_code_and_one_cell_per_participation()
    {
        var arranged = await ArrangeAsync();
        var region = arranged.Region;

        var matrix = await MatrixAsync(await region.ReaderAsync(), region);

        Assert.Equal(
            [
                new ParticipationMatrixMember(region.District, "Kreis Warendorf", MemberKind.District, true),
                new ParticipationMatrixMember(region.Ags(Ahlen), "Stadt Ahlen", MemberKind.Municipality, true),
                new ParticipationMatrixMember(region.Ags(Beckum), "Stadt Beckum", MemberKind.Municipality, true),
                new ParticipationMatrixMember(region.Ags(Beelen), "Gemeinde Beelen", MemberKind.Municipality, false),
            ],
            matrix.Members);
        Assert.Equal(
            [
                new ParticipationMatrixProject(arranged.Lp01.Id, "LP-01", arranged.Lp01.Title, ProjectCategory.Lead, ProjectStatus.Proposed, arranged.Digital),
                new ParticipationMatrixProject(arranged.Lp02.Id, "LP-02", arranged.Lp02.Title, ProjectCategory.Lead, ProjectStatus.Draft, arranged.Administration),
                new ParticipationMatrixProject(arranged.Lp03.Id, "LP-03", arranged.Lp03.Title, ProjectCategory.Lead, ProjectStatus.Adopted, arranged.Digital),
                new ParticipationMatrixProject(arranged.Pp01.Id, "PP-01", arranged.Pp01.Title, ProjectCategory.Potential, ProjectStatus.Proposed, arranged.Digital),
            ],
            matrix.Projects);
        Assert.Equal(
            [
                new ParticipationMatrixCell(region.Ags(Ahlen), arranged.Lp01.Id, ParticipationState.Committed, ParticipationRole.Lead),
                new ParticipationMatrixCell(region.Ags(Beckum), arranged.Lp01.Id, ParticipationState.PendingCouncil, ParticipationRole.Partner),
                new ParticipationMatrixCell(region.Ags(Beelen), arranged.Lp01.Id, ParticipationState.Interested, ParticipationRole.Observer),
                new ParticipationMatrixCell(region.Ags(Beckum), arranged.Lp02.Id, ParticipationState.Interested, ParticipationRole.Lead),
                new ParticipationMatrixCell(region.Ags(Beelen), arranged.Lp03.Id, ParticipationState.Committed, ParticipationRole.Partner),
                new ParticipationMatrixCell(region.Ags(Ahlen), arranged.Pp01.Id, ParticipationState.Withdrawn, ParticipationRole.Partner),
            ],
            matrix.Cells);
    }

    [Theory]
    [InlineData("category=potential", new[] { "PP-01" })]
    [InlineData("category=lead", new[] { "LP-01", "LP-02", "LP-03" })]
    [InlineData("fieldOfAction={administration}", new[] { "LP-02" })]
    [InlineData("status=proposed", new[] { "LP-01", "PP-01" })]
    [InlineData("status=draft&status=adopted", new[] { "LP-02", "LP-03" })]
    [InlineData("category=lead&fieldOfAction={digital}&status=proposed&status=adopted", new[] { "LP-01", "LP-03" })]
    [InlineData("status=completed", new string[] { })]
    public async Task Filters_narrow_the_projects_and_their_cells_but_every_member_stays(string query, string[] codes)
    {
        var arranged = await ArrangeAsync();
        var filter = query.Replace("{administration}", arranged.Administration.ToString("D"), StringComparison.Ordinal)
            .Replace("{digital}", arranged.Digital.ToString("D"), StringComparison.Ordinal);

        var matrix = await MatrixAsync(arranged.Coordinator, arranged.Region, filter);

        Assert.Equal(codes, matrix.Projects.Select(project => project.Code));
        var ids = matrix.Projects.Select(project => project.Id).ToHashSet();
        var all = await MatrixAsync(arranged.Coordinator, arranged.Region);
        Assert.Equal(all.Cells.Where(cell => ids.Contains(cell.ProjectId)), matrix.Cells);
        Assert.Equal(all.Members, matrix.Members);
    }

    [Theory]
    [InlineData("status=finished")]
    [InlineData("category=leitprojekt")]
    [InlineData("fieldOfAction=not-a-uuid")]
    public async Task An_unknown_filter_value_is_a_400(string query)
    {
        var region = await app.NewRegionAsync();

        var response = await (await region.ReaderAsync()).GetAsync($"{GetParticipationMatrixRequest.BuildRoute(region.Slug)}?{query}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Every_role_of_the_region_reads_the_matrix_and_another_region_gets_404()
    {
        var arranged = await ArrangeAsync();
        var other = await app.NewRegionAsync();
        var otherCoordinator = await other.CoordinatorAsync();
        var foreignProject = await new ProjectBuilder(other).WithCode("LP-01").BuildAsync();
        await ParticipationApi.CreateMemberAsync(otherCoordinator, other.Slug, other.Ags(Ahlen), "Stadt Ahlen");
        await ParticipationApi.CommitAsync(otherCoordinator, other.Slug, foreignProject.Id, other.Ags(Ahlen), ParticipationRole.Lead);
        var route = GetParticipationMatrixRequest.BuildRoute(arranged.Region.Slug);

        var intoOtherRegion = await otherCoordinator.GetAsync(route);
        var unknownRegion = await app.Admin().GetAsync(GetParticipationMatrixRequest.BuildRoute("no-such-region"));
        var anonymous = await app.Anonymous().GetAsync(route);

        await intoOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknownRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var expected = await MatrixAsync(arranged.Coordinator, arranged.Region);
        foreach (var client in new[] { await arranged.Region.ReaderAsync(), await arranged.Region.MemberAsync(arranged.Region.Ags(Beckum)), app.Admin() })
        {
            var matrix = await MatrixAsync(client, arranged.Region);
            Assert.Equal(expected.Members, matrix.Members);
            Assert.Equal(expected.Projects, matrix.Projects);
            Assert.Equal(expected.Cells, matrix.Cells);
        }

        Assert.DoesNotContain(expected.Projects, project => project.Id == foreignProject.Id);
        Assert.Equal([foreignProject.Id], (await MatrixAsync(otherCoordinator, other)).Cells.Select(cell => cell.ProjectId));
    }

    [Fact]
    public async Task A_region_without_projects_has_members_and_no_columns()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen", 52_000);

        var matrix = await MatrixAsync(coordinator, region);

        Assert.Equal([new ParticipationMatrixMember(region.Ags(Ahlen), "Stadt Ahlen", MemberKind.Municipality, true)], matrix.Members);
        Assert.Empty(matrix.Projects);
        Assert.Empty(matrix.Cells);
    }

    [Fact]
    public async Task Pages_of_projects_carry_their_cells_and_every_member_and_together_make_the_whole_matrix()
    {
        var arranged = await ArrangeAsync();
        var region = arranged.Region;
        var whole = await MatrixAsync(arranged.Coordinator, region);
        var route = GetParticipationMatrixRequest.BuildRoute(region.Slug);

        var first = await arranged.Coordinator.GetAsync($"{route}?limit=3");
        var firstPage = await first.ReadAsync<ParticipationMatrixResponse>();
        var link = Assert.Single(first.Headers.GetValues("Link"));
        var second = await MatrixAsync(arranged.Coordinator, region, $"limit=3&cursor={Uri.EscapeDataString(firstPage.NextCursor!)}");

        Assert.Null(whole.NextCursor);
        Assert.Equal(["LP-01", "LP-02", "LP-03"], firstPage.Projects.Select(project => project.Code));
        Assert.Equal(["PP-01"], second.Projects.Select(project => project.Code));
        Assert.Null(second.NextCursor);
        Assert.Equal(whole.Members, firstPage.Members);
        Assert.Equal(whole.Members, second.Members);
        Assert.Equal(whole.Cells, firstPage.Cells.Concat(second.Cells));
        Assert.Contains($"cursor={Uri.EscapeDataString(firstPage.NextCursor!)}", link, StringComparison.Ordinal);
        Assert.EndsWith("rel=\"next\"", link, StringComparison.Ordinal);
        await (await arranged.Coordinator.GetAsync($"{route}?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await arranged.Coordinator.GetAsync($"{route}?limit=201")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await arranged.Coordinator.GetAsync($"{route}?cursor=not-a-cursor")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    /// <summary>
    /// The matrix of a large region: 60 members × 1,000 projects with 6 participations per project (10 % of the
    /// cells), read page by page (200 projects each) without losing or repeating a project or a cell. Asserts the
    /// shape only; the time of each page is written to the test output, never asserted.
    /// </summary>
    [Fact]
    public async Task A_region_of_60_members_and_1000_projects_is_read_whole_by_following_the_cursor()
    {
        const int memberCount = 60;
        const int projectCount = 1_000;
        const int participationsPerProject = 6;
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var members = Enumerable.Range(1, memberCount).Select(region.Municipality).ToList();
        foreach (var ags in members)
        {
            await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ags, $"Gemeinde {ags}");
        }

        var projects = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildManyAsync(projectCount, "P-");
        await InsertParticipationsAsync(region, projects, members, participationsPerProject);

        var pages = new List<ParticipationMatrixResponse>();
        var times = new List<long>();
        string? cursor = null;
        do
        {
            var watch = Stopwatch.StartNew();
            var page = await MatrixAsync(coordinator, region, cursor is null ? "limit=200" : $"limit=200&cursor={Uri.EscapeDataString(cursor)}");
            times.Add(watch.ElapsedMilliseconds);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count <= projectCount / 200);
        var defaultPage = await MatrixAsync(coordinator, region, "status=proposed&status=adopted");

        Assert.Equal(projectCount / 200, pages.Count);
        Assert.Null(pages[^1].NextCursor);
        Assert.All(pages, page => Assert.Equal(memberCount, page.Members.Count));
        var allProjects = pages.SelectMany(page => page.Projects).ToList();
        var allCells = pages.SelectMany(page => page.Cells).ToList();
        Assert.Equal(projects.Select(project => project.Code).Order(StringComparer.Ordinal), allProjects.Select(project => project.Code));
        Assert.Equal(projectCount * participationsPerProject, allCells.Count);
        Assert.Equal(projectCount, allCells.Count(cell => cell.Role == ParticipationRole.Lead));
        var ids = allProjects.Select(project => project.Id).ToHashSet();
        Assert.All(allCells, cell => Assert.Contains(cell.ProjectId, ids));
        Assert.Equal((PageQuery.DefaultLimit, PageQuery.DefaultLimit * participationsPerProject), (defaultPage.Projects.Count, defaultPage.Cells.Count));
        Assert.NotNull(defaultPage.NextCursor);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"participation matrix on {app.Database.Provider}: {memberCount} members × {projectCount} projects in {pages.Count} pages of 200, " +
            $"{string.Join(", ", times)} ms");
    }

    /// <summary>
    /// A region like Kreis Warendorf in small: the Kreis, Ahlen, Beckum and Beelen (deactivated after it committed);
    /// fields "Digitale Infrastruktur" and "Verwaltung"; LP-01 (proposed), LP-02 (draft, Verwaltung), LP-03 (adopted),
    /// PP-01 (potential, proposed); and participations in every state and role.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var district = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.District, Kind = MemberKind.District, Name = "Kreis Warendorf", Population = 277_000 });
        Assert.Equal(HttpStatusCode.Created, district.StatusCode);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen", 52_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum", 36_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beelen), "Gemeinde Beelen", 6_000);
        var digital = await ProjectApi.FieldOfActionAsync(coordinator, region, "Digitale Infrastruktur");
        var administration = await ProjectApi.FieldOfActionAsync(coordinator, region, "Verwaltung");
        var lp01 = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", digital) with { Status = ProjectStatus.Proposed });
        var lp02 = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", administration));
        var lp03 = await new ProjectBuilder(region).WithCode("LP-03").WithTitle("Beispiel: Digitales Bürgerbüro").InFieldOfAction(digital).InStatus(ProjectStatus.Adopted).BuildAsync();
        var pp01 = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("PP-01", digital) with
        {
            Category = ProjectCategory.Potential,
            Status = ProjectStatus.Proposed,
        });

        await ParticipationApi.CommitAsync(coordinator, region.Slug, lp01.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, lp01.Id, region.Ags(Beckum), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, lp01.Id, region.Ags(Beelen), ParticipationRole.Observer, ParticipationState.Interested);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, lp02.Id, region.Ags(Beckum), ParticipationRole.Lead, ParticipationState.Interested);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, lp03.Id, region.Ags(Beelen), ParticipationRole.Partner);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, pp01.Id, region.Ags(Ahlen), ParticipationRole.Partner, ParticipationState.Withdrawn);

        var beelen = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)))).ReadAsync<MemberResponse>();
        var deactivated = await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)), beelen.ETag());
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        return new Arranged(region, coordinator, digital, administration, lp01, lp02, lp03, pp01);
    }

    /// <summary>
    /// Bulk participations through the service's own insert statement, in one transaction: through the API the
    /// 6,000 of the designed size would take minutes. Each project gets one lead and a rotating set of members in
    /// every state, so the cells look like a real region's.
    /// </summary>
    private async Task InsertParticipationsAsync(TestRegion region, IReadOnlyList<ProjectResponse> projects, List<string> members, int perProject)
    {
        var db = app.Service<SmartRegionDb>();
        var now = app.Service<Clock>().Now();
        var states = Enum.GetValues<ParticipationState>();
        await db.InTransactionAsync(
            async session =>
            {
                var regionId = (await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { region.Slug }))!.Id;
                foreach (var (project, index) in projects.Select((project, index) => (project, index)))
                {
                    for (var seat = 0; seat < perProject; seat++)
                    {
                        await session.ExecuteAsync(ParticipationsSql.Insert, new ParticipationRow
                        {
                            Id = Guid.CreateVersion7(),
                            RegionId = regionId,
                            ProjectId = project.Id,
                            Ags = members[(index + (seat * 7)) % members.Count],
                            Role = EnumText.ToText(seat == 0 ? ParticipationRole.Lead : seat % 3 == 0 ? ParticipationRole.Observer : ParticipationRole.Partner),
                            State = EnumText.ToText(seat == 0 ? ParticipationState.Interested : states[(index + seat) % states.Length]),
                            Version = 1,
                            CreatedAt = now,
                            UpdatedAt = now,
                        });
                    }
                }
            },
            CancellationToken.None);
    }

    private static async Task<ParticipationMatrixResponse> MatrixAsync(HttpClient client, TestRegion region, string query = "")
    {
        var route = GetParticipationMatrixRequest.BuildRoute(region.Slug);
        return await (await client.GetAsync(query.Length == 0 ? route : $"{route}?{query}")).ReadAsync<ParticipationMatrixResponse>();
    }

    private sealed record Arranged(
        TestRegion Region,
        HttpClient Coordinator,
        Guid Digital,
        Guid Administration,
        ProjectResponse Lp01,
        ProjectResponse Lp02,
        ProjectResponse Lp03,
        ProjectResponse Pp01);
}
