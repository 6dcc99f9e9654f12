using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>Finds a theme of a region the caller may see; another region's id is as unknown as a made-up one.</summary>
public static class ThemeAccess
{
    public static async Task<ThemeRow> RequireAsync(DbSession session, RegionRow region, Guid id) =>
        await session.QuerySingleOrDefaultAsync<ThemeRow>(ThemesSql.GetById, new { Id = id, RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"There is no theme {id:D} in region '{region.Slug}'.");

    /// <summary>The id of the region's theme with this name regardless of case and spacing, if there is one.</summary>
    public static Task<Guid?> FindIdByNameAsync(DbSession session, RegionRow region, string name) =>
        session.QuerySingleOrDefaultAsync<Guid?>(ThemesSql.IdByNameKey, new { RegionId = region.Id, NameKey = TextKeys.ForName(name) });
}
