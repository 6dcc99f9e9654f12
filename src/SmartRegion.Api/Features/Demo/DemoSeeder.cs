using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.Api.Features.Demo;

/// <summary>
/// Loads the demo region of domain.md (Kreis Warendorf, its 13 municipalities, six fields of action). Safe to
/// repeat: what exists is left alone. Each run issues a fresh demo coordinator key and revokes the previous one.
/// </summary>
public sealed class DemoSeeder(SmartRegionDb db, Clock clock, ApiKeyStore keys)
{
    public const string RegionSlug = "kreis-warendorf";
    private const string DemoKeyLabel = "demo coordinator";
    private const string Actor = "demo-seed";

    public async Task<string> SeedAsync(CancellationToken ct)
    {
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                if (await session.QuerySingleOrDefaultAsync<RegionRow>(RegionsSql.GetBySlug, new { Slug = RegionSlug }) is not null)
                {
                    return;
                }

                var region = new RegionRow
                {
                    Id = Guid.CreateVersion7(),
                    Slug = RegionSlug,
                    Name = "Smart Region Kreis Warendorf",
                    KreisKey = "05570",
                    Vision = "Gemeinsam gestalten der Kreis Warendorf und seine 13 Städte und Gemeinden den digitalen Wandel – nachhaltig, innovativ und menschenzentriert.",
                    Version = 1,
                    CreatedAt = now,
                    UpdatedAt = now,
                };
                await session.ExecuteAsync(CreateRegionEndpoint.Sql.Insert, region);
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "region", region.Slug, "created", Actor, now));
            },
            ct);

        await keys.RevokeByLabelAsync(DemoKeyLabel, ct);
        var created = await keys.CreateAsync(RoleNames.Coordinator, RegionSlug, ags: null, DemoKeyLabel, ct);
        return created.Key;
    }
}
