using System.Net;
using System.Text.Json;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

/// <summary>
/// A page of projects is one snapshot: funding added by another client while the page is read shows either whole
/// (with the project's new version) or not at all, never as a mix of an old project row and new funding.
/// SQLite only: the interleaving hooks into the SQLite connections of a host of its own. On SQLite every statement of
/// a batch outside a transaction reads its own snapshot, which is the defect this test catches.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ProjectPageSnapshotTests(SqliteApp app)
{
    [Fact]
    public async Task Funding_added_between_the_page_and_its_children_never_shows_on_the_old_project_row()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with { EstimatedCost = 1_000m });
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field) with { EstimatedCost = 500m });

        // The concurrent write goes through the shared host, whose connections are not interleaved.
        var interleaving = new InterleavingSqliteConnections("@AfterCode", async () =>
        {
            var added = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, project.Id), new AddFundingSourceRequest
            {
                Programme = "Gigabit-Förderung des Bundes",
                FundingBody = "Bundesministerium für Digitales und Verkehr",
                Amount = 400m,
                Status = FundingStatus.Granted,
            });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        });
        await using var host = interleaving.HostFor(app);
        var reader = host.WithKey(await region.KeyAsync(Api.Auth.RoleNames.Reader));

        var page = await (await reader.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>();
        var after = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, project.Id))).ReadAsync<ProjectResponse>();

        Assert.True(interleaving.Fired, "The write ran while the page was read.");
        var listed = Assert.Single(page.Items, item => item.Id == project.Id);
        Assert.Equal(listed.EstimatedCost - listed.GrantedFunding, listed.OwnCost);
        Assert.Equal(listed.Funding.Where(source => source.Status == FundingStatus.Granted).Sum(source => source.Amount), listed.GrantedFunding);
        // Whole as before the write, or whole as after it.
        Assert.Contains(Json(listed), new[] { Json(project), Json(after) });
        Assert.Equal(Json(project), Json(listed));
    }

    private static string Json(ProjectResponse project) => JsonSerializer.Serialize(project, HttpAssertions.Json);
}
