using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Robustness;

[Collection(SqliteCollection.Name)]
public sealed class FuzzFindingsTestsOnSqlite(SqliteApp app) : FuzzFindingsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class FuzzFindingsTestsOnSqlServer(SqlServerApp app) : FuzzFindingsTests(app);

/// <summary>
/// One regression test per bug the spec fuzzer (<see cref="SpecFuzzTests"/>) found: each was a 5xx, an accepted
/// invalid write, or a 4xx without a problem body.
/// </summary>
public abstract class FuzzFindingsTests
{
    private readonly SmartRegionApp app;

    protected FuzzFindingsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_duplicate_JSON_property_is_400_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(HttpMethod.Post, CreateThemeRequest.BuildRoute(region.Slug), """{"name": "Daten", "name": "Energie"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Empty(await ThemeNamesAsync(coordinator, region.Slug));
    }

    [Theory]
    [InlineData(" planned")]
    [InlineData("PLANNED")]
    [InlineData("Planned")]
    [InlineData("planned, applied")]
    [InlineData("0")]
    public async Task An_enum_value_is_read_exactly_as_the_schema_lists_it(string status)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var project = await new Features.Projects.ProjectBuilder(region).BuildAsync();
        var body = new JsonObject { ["programme"] = "Digitalisierung", ["fundingBody"] = "Land NRW", ["amount"] = 1000.00m, ["status"] = status };

        var response = await coordinator.SendRawAsync(HttpMethod.Post, $"/api/v1/regions/{region.Slug}/projects/{project.Id}/funding", body.ToJsonString());

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Theory]
    [InlineData("application/json; charset=nonsense")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=latin1")]
    public async Task A_JSON_body_in_another_charset_than_UTF_8_is_415(string contentType)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, CreateThemeRequest.BuildRoute(region.Slug)) { Content = new ByteArrayContent("""{"name": "Daten"}"""u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await coordinator.SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        Assert.Empty(await ThemeNamesAsync(coordinator, region.Slug));
    }

    [Fact]
    public async Task A_JSON_body_in_UTF_8_with_its_charset_named_is_accepted()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, CreateThemeRequest.BuildRoute(region.Slug)) { Content = new StringContent("""{"name": "Daten"}""", Encoding.UTF8, "application/json") };

        var response = await coordinator.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task An_empty_body_where_JSON_is_expected_is_a_400_problem_not_an_empty_415()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(HttpMethod.Post, CreateThemeRequest.BuildRoute(region.Slug), "");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Fact]
    public async Task An_error_is_a_problem_body_whatever_Accept_asks_for()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/regions/{region.Slug}/api-keys/{Guid.CreateVersion7()}");
        request.Headers.TryAddWithoutValidation("Accept", "application/xml");
        var unknownRoute = new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing").OutsideContract("an unknown route, to see the 404 of the status code pages");
        unknownRoute.Headers.TryAddWithoutValidation("Accept", "text/html");

        await (await coordinator.SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await coordinator.SendAsync(unknownRoute)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Too_many_headers_are_a_431_problem_and_a_too_long_target_a_414_problem()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var manyHeaders = new HttpRequestMessage(HttpMethod.Get, ListThemesRequest.BuildRoute(region.Slug)).OutsideContract("431 is not listed per operation");
        for (var i = 0; i < RequestHeaderLimits.MaxHeaderCount + 10; i++)
        {
            manyHeaders.Headers.Add($"X-Padding-{i}", "x");
        }

        var longTarget = new HttpRequestMessage(HttpMethod.Get, ListThemesRequest.BuildRoute(region.Slug) + "?modifiedSince=" + new string('9', RequestHeaderLimits.MaxRequestTargetLength))
            .OutsideContract("414 is not listed per operation");

        await (await reader.SendAsync(manyHeaders)).ShouldBeProblemAsync(HttpStatusCode.RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge);
        await (await reader.SendAsync(longTarget)).ShouldBeProblemAsync(HttpStatusCode.RequestUriTooLong, ProblemTypes.UriTooLong);
    }

    private static async Task<List<string>> ThemeNamesAsync(HttpClient client, string slug) =>
        [.. (await (await client.GetAsync(ListThemesRequest.BuildRoute(slug))).ReadAsync<Page<ThemeResponse>>()).Items.Select(t => t.Name)];
}
