using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>
/// Every route below <c>/regions/{slug}/members/{ags}</c> starts here: the region must be visible to the caller
/// (see <see cref="RegionAccess"/>) and the member must belong to it; otherwise 404.
/// </summary>
public static class MemberAccess
{
    public static async Task<(RegionRow Region, MemberRow Member)> RequireAsync(DbSession session, string slug, string ags, Caller caller)
    {
        var region = await RegionAccess.RequireVisibleAsync(session, slug, caller);
        var member = await session.QuerySingleOrDefaultAsync<MemberRow>(MembersSql.GetByAgs, new { RegionId = region.Id, Ags = ags })
            ?? throw ApiProblemException.NotFound($"There is no member {ags} in region '{slug}'.");
        return (region, member);
    }
}
