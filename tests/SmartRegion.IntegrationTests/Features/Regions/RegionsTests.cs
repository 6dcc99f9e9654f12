using System.Net;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Regions;

[Collection(SqliteCollection.Name)]
public sealed class RegionsTestsOnSqlite(SqliteApp app) : RegionsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class RegionsTestsOnSqlServer(SqlServerApp app) : RegionsTests(app);

/// <summary>Regions: created by admins, read by their own region's callers, updated with If-Match.</summary>
public abstract class RegionsTests
{
    private readonly SmartRegionApp app;

    protected RegionsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Admin_creates_a_region_that_its_coordinator_reads_with_ETag()
    {
        var kreisKey = TestKreisKeys.Next();
        var region = await TestRegion.CreateAsync(app, kreisKey);
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        var read = await response.ReadAsync<RegionResponse>();
        Assert.Equal(region.Slug, read.Slug);
        Assert.Equal(kreisKey, read.KreisKey);
        Assert.Equal(1, read.Version);
        Assert.Equal("\"1\"", response.ETag());
    }

    [Fact]
    public async Task German_text_round_trips_byte_exact()
    {
        const string name = "Smart Region „Münsterland“ – Ä Ö Ü ä ö ü ß";
        const string vision = "Gemeinsam für eine lebenswerte Region: „Digitalisierung“ für Bürgerinnen & Bürger. ÄÖÜäöüß";
        var slug = "t-" + Guid.NewGuid().ToString("N")[..12];
        var created = await app.Admin().PostJsonAsync(CreateRegionRequest.Route, new CreateRegionRequest { Slug = slug, Name = name, KreisKey = TestKreisKeys.Next(), Vision = vision });
        await created.ReadAsync<RegionResponse>(HttpStatusCode.Created);
        Assert.Equal(GetRegionRequest.BuildRoute(slug), created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.ETag());

        var raw = await app.Admin().GetByteArrayAsync(GetRegionRequest.BuildRoute(slug));

        var text = System.Text.Encoding.UTF8.GetString(raw);
        Assert.Contains(name, text, StringComparison.Ordinal);
        // & (like < and >) is escaped in JSON so a response pasted into HTML stays inert; umlauts and quotes stay readable.
        Assert.Contains(vision.Replace("&", "\\u0026", StringComparison.Ordinal), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_coordinator_cannot_create_regions()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.PostJsonAsync(CreateRegionRequest.Route, new CreateRegionRequest { Slug = "t-not-allowed", Name = "X", KreisKey = TestKreisKeys.Next() });

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Another_regions_key_gets_404()
    {
        var mine = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var coordinator = await mine.CoordinatorAsync();

        var response = await coordinator.GetAsync(GetRegionRequest.BuildRoute(other.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_duplicate_slug_is_409_and_invalid_fields_are_400_with_errors()
    {
        var region = await app.NewRegionAsync();

        var duplicate = await app.Admin().PostJsonAsync(CreateRegionRequest.Route, new CreateRegionRequest { Slug = region.Slug, Name = "Zweite", KreisKey = TestKreisKeys.Next() });
        var invalid = await app.Admin().PostJsonAsync(CreateRegionRequest.Route, new CreateRegionRequest { Slug = "Not A Slug", Name = new string('x', 201), KreisKey = "5570" });

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        var problem = await invalid.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["kreisKey", "name", "slug"], problem.Errors!.Keys.Order().ToArray());
    }

    [Fact]
    public async Task A_second_region_with_a_taken_Kreis_key_is_409_naming_the_region_that_has_it_and_stores_nothing()
    {
        var holder = await app.NewRegionAsync();
        var slug = NewSlug();

        var second = await app.Admin().PostJsonAsync(
            CreateRegionRequest.Route, new CreateRegionRequest { Slug = slug, Name = "Zweite Region", KreisKey = holder.KreisKey });

        var problem = await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, RegionRules.KreisKeyTakenType);
        Assert.Contains($"'{holder.KreisKey}'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains($"'{holder.Slug}' ({holder.Region.Name})", problem.Detail, StringComparison.Ordinal);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        Assert.Equal([holder.Slug], await app.QueryAsync<string>(Sql.SlugsByKreisKey, new { holder.KreisKey }));
        Assert.Equal(holder.Region, await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(holder.Slug))).ReadAsync<RegionResponse>());
    }

    [Fact]
    public async Task Concurrent_creates_with_one_Kreis_key_store_one_region_and_refuse_the_others_naming_it()
    {
        var kreisKey = TestKreisKeys.Next();
        var slugs = Enumerable.Range(0, 6).Select(_ => NewSlug()).ToList();
        var admin = app.Admin();

        var responses = await Task.WhenAll(slugs.Select(slug => admin.PostJsonAsync(
            CreateRegionRequest.Route, new CreateRegionRequest { Slug = slug, Name = $"Wettlauf {slug}", KreisKey = kreisKey })));

        var winner = await Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created).ReadAsync<RegionResponse>(HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, RegionRules.KreisKeyTakenType);
            Assert.Contains($"'{winner.Slug}'", problem.Detail, StringComparison.Ordinal);
        }

        Assert.Equal([winner.Slug], await app.QueryAsync<string>(Sql.SlugsByKreisKey, new { KreisKey = kreisKey }));
        foreach (var slug in slugs.Where(slug => slug != winner.Slug))
        {
            await (await admin.GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }
    }

    [Fact]
    public async Task The_Kreis_key_cannot_be_changed_by_an_update()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(
            HttpMethod.Put, UpdateRegionRequest.BuildRoute(region.Slug), $$"""{"name": "Neuer Name", "kreisKey": "{{TestKreisKeys.Next()}}"}""", ifMatch: region.Region.ETag());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["kreisKey"], problem.Errors!.Keys.ToArray());
        Assert.Equal(region.Region, await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>());
    }

    [Fact]
    public async Task Update_needs_the_current_ETag()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var route = UpdateRegionRequest.BuildRoute(region.Slug);
        var body = new UpdateRegionRequest { Name = "Neuer Name", Vision = "Vision" };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var updated = await coordinator.PutJsonAsync(route, body, ifMatch: "\"1\"");
        var stale = await coordinator.PutJsonAsync(route, body with { Name = "Veraltet" }, ifMatch: "\"1\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var read = await updated.ReadAsync<RegionResponse>();
        Assert.Equal(2, read.Version);
        Assert.Equal("\"2\"", updated.ETag());
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
        Assert.Equal("Neuer Name", current.Name);
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_gives_304()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, GetRegionRequest.BuildRoute(region.Slug));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");

        var response = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task Non_admins_list_only_their_own_region()
    {
        var region = await app.NewRegionAsync();
        await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var page = await (await reader.GetAsync(ListRegionsRequest.Route)).ReadAsync<Page<RegionResponse>>();

        Assert.Equal([region.Slug], page.Items.Select(r => r.Slug).ToArray());
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Admins_walk_all_regions_page_by_page_with_Link_headers()
    {
        for (var i = 0; i < 3; i++)
        {
            await app.NewRegionAsync();
        }

        var admin = app.Admin();
        var seen = new List<string>();
        var next = $"{ListRegionsRequest.Route}?limit=2";
        while (next is not null)
        {
            var response = await admin.GetAsync(next);
            var page = await response.ReadAsync<Page<RegionResponse>>();
            seen.AddRange(page.Items.Select(r => r.Slug));
            next = page.NextCursor is null ? null : response.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        }

        Assert.True(seen.Count >= 3);
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(seen.Order(StringComparer.Ordinal), seen);
    }

    private static string NewSlug() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static class Sql
    {
        public static readonly SqlStatement SlugsByKreisKey = SqlStatement.Shared("SELECT Slug FROM Regions WHERE KreisKey = @KreisKey ORDER BY Slug");
    }
}
