using System.Net;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class ErrorResponsesTestsOnSqlite(SqliteApp app) : ErrorResponsesTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ErrorResponsesTestsOnSqlServer(SqlServerApp app) : ErrorResponsesTests(app);

/// <summary>Every client mistake gets a problem response with its documented status, never a 500, and changes nothing.</summary>
public abstract class ErrorResponsesTests
{
    private readonly SmartRegionApp app;

    protected ErrorResponsesTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Theory]
    [InlineData("{\"slug\": \"t-broken\", \"name\": ")]
    [InlineData("not json at all")]
    [InlineData("[1, 2, 3]")]
    public async Task Malformed_JSON_is_400_and_stores_nothing(string body)
    {
        var response = await app.Admin().SendRawAsync(HttpMethod.Post, CreateRegionRequest.Route, body);

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        var missing = await app.Admin().GetAsync(GetRegionRequest.BuildRoute("t-broken"));
        await missing.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Wrong_JSON_types_are_400_naming_the_field()
    {
        var slug = "t-" + Guid.NewGuid().ToString("N")[..12];

        var response = await app.Admin().SendRawAsync(HttpMethod.Post, CreateRegionRequest.Route, $$"""{"slug": "{{slug}}", "name": 42, "kreisKey": "{{TestKreisKeys.Next()}}"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("name", problem.Errors!.Keys);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var response = await app.Admin().SendRawAsync(HttpMethod.Post, CreateRegionRequest.Route, "slug=t-form", "application/x-www-form-urlencoded");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await app.Admin().OutsideContract("an unknown route is by definition not in the document").GetAsync("/api/v1/no-such-thing");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unsupported_method_is_a_405_problem()
    {
        var response = await app.Admin().OutsideContract("probes a method the document does not list for this path").DeleteAsync(ListRegionsRequest.Route, ifMatch: null);

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_cursor_the_API_did_not_issue_is_400()
    {
        var response = await app.Admin().GetAsync($"{ListRegionsRequest.Route}?cursor=bm90LWEtY3Vyc29y");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("many")]
    public async Task A_limit_outside_1_to_200_is_400(string limit)
    {
        var response = await app.Admin().GetAsync($"{ListRegionsRequest.Route}?limit={limit}");

        await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }
}
