using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Participations;

[Collection(SqliteCollection.Name)]
public sealed class CostAllocationTestsOnSqlite(SqliteApp app) : CostAllocationTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class CostAllocationTestsOnSqlServer(SqlServerApp app) : CostAllocationTests(app);

/// <summary>
/// The cost allocation: a project's own cost split to the cent among its committed lead and partner members by the
/// project's key, with the refusals a coordinator has to act on (unknown cost, missing population, custom
/// percentages not adding up).
/// </summary>
public abstract class CostAllocationTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";
    private const string Drensteinfurt = "016";
    private const string Ennigerloh = "020";
    private const string Everswinkel = "024";
    private const string Oelde = "028";

    private readonly SmartRegionApp app;

    protected CostAllocationTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_equal_key_splits_to_the_cent_and_the_largest_remainder_goes_to_the_lowest_AGS()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, 100_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);

        var response = await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));

        var allocation = await response.ReadAsync<CostAllocationResponse>();
        Assert.Equal((project.Id, 100_000.00m, CostSharingKey.Equal), (allocation.ProjectId, allocation.Total, allocation.Key));
        Assert.Equal(
            [new CostAllocationShare(region.Ags(Ahlen), 33.34m, 33_333.34m), new CostAllocationShare(region.Ags(Beckum), 33.33m, 33_333.33m), new CostAllocationShare(region.Ags(Beelen), 33.33m, 33_333.33m)],
            allocation.Shares);
        Assert.Equal(allocation.Total, allocation.Shares.Sum(share => share.Amount));
        var raw = await (await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id))).Content.ReadAsStringAsync();
        Assert.Contains($$"""{"ags":"{{region.Ags(Ahlen)}}","percent":33.34,"amount":33333.34}""", raw, StringComparison.Ordinal);
        Assert.Contains("\"key\":\"equal\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_population_key_splits_by_inhabitants()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 94_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Partner);

        var allocation = await AllocationAsync(coordinator, region, project.Id);

        // 52,000 + 36,000 + 6,000 inhabitants: the euros divide evenly, the percentages need the largest remainder.
        Assert.Equal((94_000.00m, CostSharingKey.Population), (allocation.Total, allocation.Key));
        Assert.Equal(
            [new CostAllocationShare(region.Ags(Ahlen), 55.32m, 52_000.00m), new CostAllocationShare(region.Ags(Beckum), 38.30m, 36_000.00m), new CostAllocationShare(region.Ags(Beelen), 6.38m, 6_000.00m)],
            allocation.Shares);
        Assert.Equal(100m, allocation.Shares.Sum(share => share.Percent));
    }

    [Fact]
    public async Task The_custom_key_uses_the_members_percentages_and_gives_the_odd_cent_by_remainder()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Custom, 1_000.01m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead, customPercent: 50m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, customPercent: 30m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Partner, customPercent: 20m);

        var allocation = await AllocationAsync(coordinator, region, project.Id);

        Assert.Equal(
            [new CostAllocationShare(region.Ags(Ahlen), 50m, 500.01m), new CostAllocationShare(region.Ags(Beckum), 30m, 300.00m), new CostAllocationShare(region.Ags(Beelen), 20m, 200.00m)],
            allocation.Shares);
        Assert.Equal(1_000.01m, allocation.Shares.Sum(share => share.Amount));
    }

    [Fact]
    public async Task Granted_funding_lowers_the_total_and_other_funding_does_not()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, 100_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);

        await AddFundingAsync(coordinator, region, project.Id, 40_000.01m, FundingStatus.Granted);
        await AddFundingAsync(coordinator, region, project.Id, 25_000.00m, FundingStatus.Applied);
        await AddFundingAsync(coordinator, region, project.Id, 10_000.00m, FundingStatus.Rejected);
        var allocation = await AllocationAsync(coordinator, region, project.Id);

        Assert.Equal(59_999.99m, allocation.Total);
        Assert.Equal([new CostAllocationShare(region.Ags(Ahlen), 50m, 30_000.00m), new CostAllocationShare(region.Ags(Beckum), 50m, 29_999.99m)], allocation.Shares);
    }

    [Fact]
    public async Task Funding_beyond_the_estimated_cost_leaves_nothing_to_split()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, 10_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);

        await AddFundingAsync(coordinator, region, project.Id, 12_000.00m, FundingStatus.Granted);
        var allocation = await AllocationAsync(coordinator, region, project.Id);

        Assert.Equal(0m, allocation.Total);
        Assert.Equal([new CostAllocationShare(region.Ags(Ahlen), 50m, 0m), new CostAllocationShare(region.Ags(Beckum), 50m, 0m)], allocation.Shares);
    }

    [Fact]
    public async Task Observers_and_members_that_have_not_committed_carry_no_share()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, 90_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Observer);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Drensteinfurt), ParticipationRole.Partner, ParticipationState.Interested);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ennigerloh), ParticipationRole.Partner, ParticipationState.PendingCouncil);
        var former = await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Everswinkel), ParticipationRole.Partner);
        await ParticipationApi.MoveAsync(coordinator, region.Slug, former, ParticipationState.Withdrawn, reason: "Haushaltssperre");

        var allocation = await AllocationAsync(coordinator, region, project.Id);

        Assert.Equal([new CostAllocationShare(region.Ags(Ahlen), 50m, 45_000.00m), new CostAllocationShare(region.Ags(Beckum), 50m, 45_000.00m)], allocation.Shares);
    }

    [Fact]
    public async Task A_project_nobody_has_committed_to_has_no_shares_yet()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 50_000.00m);
        await ParticipationApi.ArrangeAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead, ParticipationState.PendingCouncil);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Drensteinfurt), ParticipationRole.Observer);

        var allocation = await AllocationAsync(await region.ReaderAsync(), region, project.Id);

        Assert.Equal((project.Id, 50_000.00m, CostSharingKey.Population), (allocation.ProjectId, allocation.Total, allocation.Key));
        Assert.Empty(allocation.Shares);
    }

    [Fact]
    public async Task The_population_key_with_a_population_missing_is_a_409_naming_the_members_without_one()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 50_000.00m);
        // A population of 0 is as good as unknown: nobody lives nowhere.
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Oelde), "Stadt Oelde", population: 0);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Drensteinfurt), ParticipationRole.Partner);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Oelde), ParticipationRole.Partner);

        var response = await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.PopulationMissingType);
        Assert.Contains(region.Ags(Drensteinfurt), problem.Detail, StringComparison.Ordinal);
        Assert.Contains(region.Ags(Oelde), problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(region.Ags(Ahlen), problem.Detail, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("ETag"));
    }

    [Fact]
    public async Task Custom_percentages_that_do_not_add_up_to_100_are_a_409_until_they_do()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Custom, 10_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead, customPercent: 60m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, customPercent: 39.99m);
        var route = GetCostAllocationRequest.BuildRoute(region.Slug, project.Id);

        var under = await coordinator.GetAsync(route);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, customPercent: 40.01m);
        var over = await coordinator.GetAsync(route);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        var missing = await coordinator.GetAsync(route);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner, customPercent: 40m);
        var exact = await coordinator.GetAsync(route);

        Assert.Contains("99.99", (await under.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.CustomPercentInvalidType)).Detail, StringComparison.Ordinal);
        Assert.Contains("100.01", (await over.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.CustomPercentInvalidType)).Detail, StringComparison.Ordinal);
        Assert.Contains(region.Ags(Beckum), (await missing.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.CustomPercentInvalidType)).Detail, StringComparison.Ordinal);
        Assert.Equal(
            [new CostAllocationShare(region.Ags(Ahlen), 60m, 6_000.00m), new CostAllocationShare(region.Ags(Beckum), 40m, 4_000.00m)],
            (await exact.ReadAsync<CostAllocationResponse>()).Shares);
    }

    [Fact]
    public async Task A_project_without_an_estimated_cost_is_a_409_cost_unknown()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, estimatedCost: null);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);

        var response = await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, GetCostAllocationEndpoint.CostUnknownType);
        Assert.Contains(project.Code, problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ETag_answers_304_until_anything_the_allocation_depends_on_changes()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 10_000.00m);
        var reader = await region.ReaderAsync();
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beelen), ParticipationRole.Partner);
        var route = GetCostAllocationRequest.BuildRoute(region.Slug, project.Id);

        var first = await reader.GetAsync(route);
        var etag = first.ETag();
        var unchanged = await GetIfNoneMatchAsync(reader, route, etag);
        // A member's population is not part of the project, yet it moves the shares: the ETag must follow it too.
        var member = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)))).ReadAsync<MemberResponse>();
        var update = await coordinator.PutJsonAsync(UpdateMemberRequest.BuildRoute(region.Slug, region.Ags(Beelen)), new UpdateMemberRequest { Name = member.Name, Population = 12_000 }, member.ETag());
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var afterPopulation = await GetIfNoneMatchAsync(reader, route, etag);
        await AddFundingAsync(coordinator, region, project.Id, 1_000.00m, FundingStatus.Granted);
        var afterFunding = await GetIfNoneMatchAsync(reader, route, afterPopulation.ETag());

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.ETag());
        Assert.NotEqual(etag, afterPopulation.ETag());
        Assert.Equal([8_125.00m, 1_875.00m], (await afterPopulation.ReadAsync<CostAllocationResponse>()).Shares.Select(share => share.Amount));
        Assert.Equal(9_000.00m, (await afterFunding.ReadAsync<CostAllocationResponse>()).Total);
    }

    [Fact]
    public async Task Another_regions_project_and_an_unknown_project_are_404_and_every_role_of_the_region_reads()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Equal, 1_000.00m);
        var other = await app.NewRegionAsync();
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        var ahlen = await region.MemberAsync(region.Ags(Ahlen));
        var beckum = await region.MemberAsync(region.Ags(Beckum));

        var viaOtherRegion = await (await other.CoordinatorAsync()).GetAsync(GetCostAllocationRequest.BuildRoute(other.Slug, project.Id));
        var intoOtherRegion = await (await other.ReaderAsync()).GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));
        var unknown = await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, Guid.CreateVersion7()));
        var anonymous = await app.Anonymous().GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));

        await viaOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await intoOtherRegion.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        foreach (var client in new[] { coordinator, await region.ReaderAsync(), ahlen, beckum, app.Admin() })
        {
            Assert.Equal([new CostAllocationShare(region.Ags(Ahlen), 100m, 1_000.00m)], (await AllocationAsync(client, region, project.Id)).Shares);
        }
    }

    [Fact]
    public async Task The_population_key_with_a_district_share_of_50_gives_the_Kreis_exactly_half_and_the_rest_by_population_to_the_cent()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 100_000.00m);
        await CreateDistrictAsync(coordinator, region);
        await SetDistrictShareAsync(coordinator, region, 50.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.District, ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);

        var allocation = await AllocationAsync(coordinator, region, project.Id);

        // Without the setting the Kreis's 280,000 inhabitants would make it carry 76 % (280 of 368).
        Assert.Equal(
            [new CostAllocationShare(region.District, 50.00m, 50_000.00m), new CostAllocationShare(region.Ags(Ahlen), 29.55m, 29_545.45m), new CostAllocationShare(region.Ags(Beckum), 20.45m, 20_454.55m)],
            allocation.Shares);
        Assert.Equal(100_000.00m, allocation.Shares.Sum(share => share.Amount));
        var read = await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).Content.ReadAsStringAsync();
        Assert.Contains("\"districtSharePercent\":50.00", read, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participating_district_under_the_population_key_without_a_district_share_is_a_409_that_says_what_to_configure()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 100_000.00m);
        await CreateDistrictAsync(coordinator, region);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.District, ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Partner);

        var refused = await coordinator.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, project.Id));
        var outOfRange = await coordinator.PutJsonAsync(UpdateRegionRequest.BuildRoute(region.Slug),
            new UpdateRegionRequest { Name = region.Region.Name, DistrictSharePercent = 100.01m }, region.Region.ETag());

        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.DistrictShareMissingType);
        Assert.Contains("districtSharePercent", problem.Detail, StringComparison.Ordinal);
        await outOfRange.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_preview_answers_what_a_member_would_pay_if_it_joined_and_stores_nothing()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 94_000.00m);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Ahlen), ParticipationRole.Lead);
        await ParticipationApi.CommitAsync(coordinator, region.Slug, project.Id, region.Ags(Beckum), ParticipationRole.Partner);
        var before = await StateAsync(coordinator, region, project.Id);
        var beelen = await region.MemberAsync(region.Ags(Beelen));

        var response = await beelen.PostJsonAsync(PreviewCostAllocationRequest.BuildRoute(region.Slug, project.Id), new PreviewCostAllocationRequest
        {
            Members = [new() { Ags = region.Ags(Ahlen) }, new() { Ags = region.Ags(Beckum) }, new() { Ags = region.Ags(Beelen) }],
        });

        var preview = await response.ReadAsync<CostAllocationPreviewResponse>();
        Assert.Equal((project.Id, 94_000.00m, CostSharingKey.Population), (preview.ProjectId, preview.Total, preview.Key));
        Assert.Equal(
            [new CostAllocationShare(region.Ags(Ahlen), 55.32m, 52_000.00m), new CostAllocationShare(region.Ags(Beckum), 38.30m, 36_000.00m), new CostAllocationShare(region.Ags(Beelen), 6.38m, 6_000.00m)],
            preview.Shares);
        var after = await StateAsync(coordinator, region, project.Id);
        Assert.Equal(before, after);
        Assert.Equal(2, (await AllocationAsync(coordinator, region, project.Id)).Shares.Count);
    }

    [Fact]
    public async Task The_preview_tries_another_key_and_own_cost_and_refuses_what_the_allocation_would_refuse()
    {
        var (region, coordinator, project) = await ArrangeAsync(CostSharingKey.Population, 94_000.00m);
        await CreateDistrictAsync(coordinator, region);
        var route = PreviewCostAllocationRequest.BuildRoute(region.Slug, project.Id);
        var other = await app.NewRegionAsync();
        PreviewCostBearer[] three = [new() { Ags = region.Ags(Ahlen) }, new() { Ags = region.Ags(Beckum) }, new() { Ags = region.Ags(Beelen) }];

        var equal = await (await region.ReaderAsync()).PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [.. three], Key = CostSharingKey.Equal, OwnCost = 1_000.00m });
        var custom = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest
        {
            Members = [new() { Ags = region.Ags(Ahlen), CustomPercent = 70m }, new() { Ags = region.Ags(Beckum), CustomPercent = 30m }],
            Key = CostSharingKey.Custom,
        });
        var district = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [new() { Ags = region.District }, .. three] });
        var unknown = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [new() { Ags = region.Ags("998") }] });
        var empty = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [] });
        // Found by the spec fuzzer: without members the request was a 500.
        var none = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Key = CostSharingKey.Equal });
        var twice = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [three[0], three[0]] });
        var notCustom = await coordinator.PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [.. three], Key = CostSharingKey.Custom });
        var anonymous = await app.Anonymous().PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [.. three] });
        var intoOther = await (await other.CoordinatorAsync()).PostJsonAsync(route, new PreviewCostAllocationRequest { Members = [.. three] });

        Assert.Equal([333.34m, 333.33m, 333.33m], (await equal.ReadAsync<CostAllocationPreviewResponse>()).Shares.Select(share => share.Amount));
        Assert.Equal([65_800.00m, 28_200.00m], (await custom.ReadAsync<CostAllocationPreviewResponse>()).Shares.Select(share => share.Amount));
        await district.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.DistrictShareMissingType);
        Assert.Contains(region.Ags("998"), (await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound)).Detail, StringComparison.Ordinal);
        await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("members", (await none.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await twice.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await notCustom.ShouldBeProblemAsync(HttpStatusCode.Conflict, CostAllocation.CustomPercentInvalidType);
        await anonymous.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await intoOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>What a preview must not change: the project's ETag, its participations and the region's change feed.</summary>
    private static async Task<string> StateAsync(HttpClient coordinator, TestRegion region, Guid projectId)
    {
        var project = (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, projectId))).ETag();
        var participations = await (await coordinator.GetAsync(ListProjectParticipationsRequest.BuildRoute(region.Slug, projectId))).Content.ReadAsStringAsync();
        var feed = await (await coordinator.GetAsync($"{ListChangesRequest.BuildRoute(region.Slug)}?limit=200")).ReadAsync<Page<ChangeResponse>>();
        return $"{project}|{participations}|{feed.Items.Count}|{feed.Items[^1].Cursor}";
    }

    private static async Task CreateDistrictAsync(HttpClient coordinator, TestRegion region)
    {
        var response = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.District, Kind = MemberKind.District, Name = "Kreis Warendorf", Population = 280_000 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static async Task SetDistrictShareAsync(HttpClient coordinator, TestRegion region, decimal percent)
    {
        var current = await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
        var response = await coordinator.PutJsonAsync(UpdateRegionRequest.BuildRoute(region.Slug),
            new UpdateRegionRequest { Name = current.Name, Vision = current.Vision, ReportingIntervalDays = current.ReportingIntervalDays, DistrictSharePercent = percent },
            current.ETag());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// A fresh region with Ahlen (52,000 inhabitants), Beckum (36,000), Beelen (6,000), Drensteinfurt (population
    /// unknown), Ennigerloh (38,000) and Everswinkel (9,600), and a proposed project LP-07 with this key and cost.
    /// </summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, ProjectResponse Project)> ArrangeAsync(CostSharingKey key, decimal? estimatedCost)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ahlen), "Stadt Ahlen", 52_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beckum), "Stadt Beckum", 36_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Beelen), "Gemeinde Beelen", 6_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Drensteinfurt), "Stadt Drensteinfurt");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Ennigerloh), "Stadt Ennigerloh", 38_000);
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, region.Ags(Everswinkel), "Gemeinde Everswinkel", 9_600);
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-07", field) with
        {
            EstimatedCost = estimatedCost,
            CostSharingKey = key,
            Status = ProjectStatus.Proposed,
        });
        return (region, coordinator, project);
    }

    private static async Task<CostAllocationResponse> AllocationAsync(HttpClient client, TestRegion region, Guid projectId) =>
        await (await client.GetAsync(GetCostAllocationRequest.BuildRoute(region.Slug, projectId))).ReadAsync<CostAllocationResponse>();

    private static async Task AddFundingAsync(HttpClient coordinator, TestRegion region, Guid projectId, decimal amount, FundingStatus status)
    {
        var response = await coordinator.PostJsonAsync(AddFundingSourceRequest.BuildRoute(region.Slug, projectId), new AddFundingSourceRequest
        {
            Programme = "Förderprogramm „Digitale Modellregionen“",
            FundingBody = "Land Nordrhein-Westfalen",
            Amount = amount,
            Status = status,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private static Task<HttpResponseMessage> GetIfNoneMatchAsync(HttpClient client, string route, string? etag) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Get, route) { Headers = { { "If-None-Match", etag } } });
}
