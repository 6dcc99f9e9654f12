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
    public static async Task<RegionRow> RequireVisibleAsync(DbSession session, string slug, Caller caller) =>
        Visible(await FindAsync(session, slug), slug, caller);

    /// <summary>
    /// The same check with the region from <paramref name="reads"/> when this state of the database has been read
    /// before; otherwise a session is opened for the one statement (on the primary when <paramref name="fromPrimary"/>,
    /// for reads that must not lag behind it).
    /// </summary>
    public static async Task<RegionRow> RequireVisibleAsync(
        SmartRegionDb db, CachedReads reads, string slug, Caller caller, CancellationToken cancellationToken, bool fromPrimary = false)
    {
        var key = "region|" + slug;
        if (!reads.TryGet<RegionRow>(key, out var region))
        {
            await using var session = fromPrimary ? await db.OpenPrimaryAsync(cancellationToken) : await db.OpenAsync(cancellationToken);
            region = await FindAsync(session, slug);
            if (region is not null)
            {
                reads.Add(key, region, size: 1024);
            }
        }

        return Visible(region, slug, caller);
    }

    private static RegionRow Visible(RegionRow? region, string slug, Caller caller) =>
        region is not null && caller.CanSeeRegion(region.Id) ? region : throw ApiProblemException.NotFound($"There is no region '{slug}'.");

    /// <summary>The region with this slug whoever asks, for callers without a principal (the demo seed).</summary>
    public static Task<RegionRow?> FindAsync(DbSession session, string slug) =>
        session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { Slug = slug });
}
