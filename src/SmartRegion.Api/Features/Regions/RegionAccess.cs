using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>
/// Every route below <c>/regions/{slug}</c> starts here: the region must exist and be the caller's own (admins see
/// all). Another region's data answers 404, never 403, so callers cannot probe which regions exist.
/// </summary>
public static class RegionAccess
{
    public static async Task<RegionRow> RequireVisibleAsync(DbSession session, string slug, Caller caller)
    {
        var region = await FindAsync(session, slug);
        if (region is null || !caller.CanSeeRegion(region.Id))
        {
            throw ApiProblemException.NotFound($"There is no region '{slug}'.");
        }

        return region;
    }

    /// <summary>The region with this slug whoever asks, for callers without a principal (the demo seed).</summary>
    public static Task<RegionRow?> FindAsync(DbSession session, string slug) =>
        session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { Slug = slug });
}
