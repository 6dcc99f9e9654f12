using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Finds strategy versions of a region, for callers without a route (the demo seed).</summary>
public static class StrategyAccess
{
    /// <summary>The version with this label (ASCII letters regardless of case), or null.</summary>
    public static async Task<StrategyVersionRow?> FindByLabelAsync(DbSession session, RegionRow region, string label) =>
        await session.QuerySingleOrDefaultAsync<Guid?>(StrategySql.IdByLabelKey, new { RegionId = region.Id, LabelKey = TextKeys.ForReference(label) }) is { } id
            ? await StrategySql.RequireAsync(session, region, id)
            : null;
}
