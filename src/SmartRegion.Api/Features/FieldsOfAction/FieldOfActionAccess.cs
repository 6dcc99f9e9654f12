using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>Finds a field of action of a region the caller may see; another region's id is as unknown as a made-up one.</summary>
public static class FieldOfActionAccess
{
    public static async Task<FieldOfActionRow> RequireAsync(DbSession session, RegionRow region, Guid id) =>
        await session.QuerySingleOrDefaultAsync<FieldOfActionRow>(FieldsOfActionSql.GetById, new { Id = id, RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"There is no field of action {id:D} in region '{region.Slug}'.");

    /// <summary>All fields of action of the region in their order.</summary>
    public static async Task<IReadOnlyList<FieldOfActionRow>> ListAsync(DbSession session, RegionRow region) =>
        (await session.QueryAsync<FieldOfActionRow>(FieldsOfActionSql.ListAll, new { RegionId = region.Id })).ToList();
}
