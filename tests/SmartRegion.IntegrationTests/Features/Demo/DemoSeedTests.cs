using System.Net;
using SmartRegion.Api.Features.Demo;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Demo;

[Collection(SqliteCollection.Name)]
public sealed class DemoSeedTestsOnSqlite(SqliteApp app) : DemoSeedTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class DemoSeedTestsOnSqlServer(SqlServerApp app) : DemoSeedTests(app);

/// <summary><c>--seed-demo</c>: Kreis Warendorf with 14 members and 6 fields of action, safe to repeat.</summary>
public abstract class DemoSeedTests
{
    private readonly SmartRegionApp app;

    protected DemoSeedTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_demo_region_is_served_to_the_printed_key_and_seeding_twice_changes_nothing()
    {
        var seeder = app.Service<DemoSeeder>();

        var firstKey = await seeder.SeedAsync(CancellationToken.None);
        var secondKey = await seeder.SeedAsync(CancellationToken.None);

        var coordinator = app.WithKey(secondKey);
        var members = await (await coordinator.GetAsync($"{ListMembersRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<MemberResponse>>();
        var fields = await (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Equal(14, members.Items.Count);
        Assert.Single(members.Items, member => member.Kind == SmartRegion.Api.Domain.MemberKind.District && member.Ags == "05570000");
        Assert.Contains(members.Items, member => member.Ags == "05570004" && member.Name == "Ahlen");
        Assert.Equal(
            ["Digitale Infrastruktur", "Klimaschutz, Mobilität & Umwelt", "Familie, Bildung & Lebensqualität", "Verwaltung", "Wirtschaft & Arbeit", "Innenstadt & Dorfmitte"],
            fields.Items.Select(field => field.Name).ToArray());
        var projects = await (await coordinator.GetAsync($"{ListProjectsRequest.BuildRoute(DemoSeeder.RegionSlug)}?limit=200")).ReadAsync<Page<ProjectResponse>>();
        Assert.Equal(24, projects.Items.Count);
        Assert.Equal(19, projects.Items.Count(project => project.Category == SmartRegion.Api.Domain.ProjectCategory.Lead));
        Assert.Equal(5, projects.Items.Count(project => project.Category == SmartRegion.Api.Domain.ProjectCategory.Potential));
        Assert.All(projects.Items, project => Assert.StartsWith("Beispiel:", project.Title, StringComparison.Ordinal));
        Assert.Equal(6, projects.Items.Select(project => project.FieldOfActionId).Distinct().Count());
        Assert.True(projects.Items.Select(project => project.Status).Distinct().Count() >= 5, "The examples are in different states.");
        Assert.Contains(projects.Items, project => project.GrantedFunding > 0 && project.OwnCost < project.EstimatedCost);

        var matrix = await (await coordinator.GetAsync(GetParticipationMatrixRequest.BuildRoute(DemoSeeder.RegionSlug))).ReadAsync<ParticipationMatrixResponse>();
        Assert.Equal(14, matrix.Members.Count);
        Assert.Contains(matrix.Cells, cell => cell.State == SmartRegion.Api.Domain.ParticipationState.PendingCouncil);
        Assert.Contains(matrix.Cells, cell => cell.State == SmartRegion.Api.Domain.ParticipationState.Committed && cell.Role == SmartRegion.Api.Domain.ParticipationRole.Lead);
        var lp05 = projects.Items.Single(project => project.Code == "LP-05");
        var allocation = await (await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(DemoSeeder.RegionSlug, lp05.Id))).ReadAsync<CostAllocationResponse>();
        Assert.Equal(allocation.Total, allocation.Shares.Sum(share => share.Amount));
        Assert.Equal([60m, 40m], allocation.Shares.Select(share => share.Percent).ToArray());

        // Each run hands out a fresh key and retires the previous demo key.
        var old = await app.WithKey(firstKey).GetAsync(ListMembersRequest.BuildRoute(DemoSeeder.RegionSlug));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
    }
}
