using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>Field limits of regions, shared by create and update, and the one-region-per-Kreis-key rule.</summary>
public static class RegionRules
{
    public const int NameMaxLength = 200;
    public const int VisionMaxLength = 4000;

    /// <summary>Status reports are due every 90 days unless the region sets another interval.</summary>
    public const int DefaultReportingIntervalDays = 90;

    /// <summary>Ten years: longer would mean never.</summary>
    public const int MaxReportingIntervalDays = 3660;

    public const string KreisKeyTakenType = "urn:smartregion:problem:kreis-key-taken";

    /// <summary>
    /// The answer when <see cref="RegionsSql.KreisKeyIndex"/> refused a region: 409 naming the region that holds the
    /// key, read in the same transaction (the holder has committed: the index made the insert wait for it).
    /// </summary>
    internal static async Task<ApiProblemException> KreisKeyTakenAsync(DbSession session, string kreisKey)
    {
        var holder = await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetByKreisKey, new { KreisKey = kreisKey });
        return ApiProblemException.Conflict(KreisKeyTakenType, "Kreis key taken", holder is null
            ? $"The Kreis key '{kreisKey}' already belongs to another region; a Kreis key belongs to one region only."
            : $"The Kreis key '{kreisKey}' already belongs to the region '{holder.Slug}' ({holder.Name}); a Kreis key belongs to one region only.");
    }
}
