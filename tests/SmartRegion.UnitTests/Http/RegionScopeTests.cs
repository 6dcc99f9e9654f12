using SmartRegion.Api.Auth;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

/// <summary>Listing regions fails closed: only admins see every region.</summary>
public sealed class RegionScopeTests
{
    [Theory]
    [InlineData(RoleNames.Coordinator)]
    [InlineData(RoleNames.Member)]
    [InlineData(RoleNames.Reader)]
    [InlineData("")]
    public void A_non_admin_without_a_region_may_not_list_regions(string role)
    {
        var problem = Assert.Throws<ApiProblemException>(() => ListRegionsEndpoint.OnlyRegionFor(new Caller("jwt:someone", role, RegionId: null, Ags: null)));

        Assert.Equal(403, problem.Status);
    }

    [Fact]
    public void Admins_list_all_regions_and_others_their_own()
    {
        var region = Guid.CreateVersion7();

        Assert.Null(ListRegionsEndpoint.OnlyRegionFor(new Caller("apikey:1", RoleNames.Admin, null, null)));
        Assert.Equal(region, ListRegionsEndpoint.OnlyRegionFor(new Caller("apikey:2", RoleNames.Reader, region, null)));
    }
}
