using System.Net;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class IfMatchTestsOnSqlite(SqliteApp app) : IfMatchTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class IfMatchTestsOnSqlServer(SqlServerApp app) : IfMatchTests(app);

/// <summary><c>If-Match</c> as RFC 9110 defines it: a list of tags, <c>*</c>, and strong comparison only.</summary>
public abstract class IfMatchTests
{
    private readonly SmartRegionApp app;

    protected IfMatchTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Theory]
    [InlineData("\"1\", \"2\"")]
    [InlineData("\"2\",\"7\"")]
    [InlineData("*")]
    public async Task A_list_naming_the_current_tag_or_a_star_matches(string ifMatch)
    {
        var (coordinator, route) = await ThemeAtVersion2Async();

        var response = await coordinator.PutJsonAsync(route, new UpdateThemeRequest { Name = "Daten und Beteiligung" }, ifMatch);

        Assert.Equal(3, (await response.ReadAsync<ThemeResponse>()).Version);
    }

    [Theory]
    [InlineData("\"1\", \"3\"")]
    [InlineData("W/\"2\"")]
    [InlineData("\"1\", W/\"2\"")]
    public async Task A_list_without_the_current_strong_tag_is_412(string ifMatch)
    {
        var (coordinator, route) = await ThemeAtVersion2Async();

        var response = await coordinator.PutJsonAsync(route, new UpdateThemeRequest { Name = "Daten und Beteiligung" }, ifMatch);

        await response.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        Assert.Equal(2, (await (await coordinator.GetAsync(route)).ReadAsync<ThemeResponse>()).Version);
    }

    private async Task<(HttpClient Coordinator, string Route)> ThemeAtVersion2Async()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var theme = await (await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Daten" }))
            .ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        var route = UpdateThemeRequest.BuildRoute(region.Slug, theme.Id);
        var updated = await coordinator.PutJsonAsync(route, new UpdateThemeRequest { Name = "Daten!" }, "\"1\"");
        Assert.Equal(2, (await updated.ReadAsync<ThemeResponse>()).Version);
        return (coordinator, route);
    }
}
