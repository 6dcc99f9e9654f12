using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
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

    // Kreis Warendorf and its 13 municipalities (domain.md). Populations are rounded example figures.
    private static readonly (string Ags, MemberKind Kind, string Name, int Population)[] Members =
    [
        ("05570000", MemberKind.District, "Kreis Warendorf", 280_000),
        ("05570004", MemberKind.Municipality, "Ahlen", 52_000),
        ("05570008", MemberKind.Municipality, "Beckum", 36_000),
        ("05570012", MemberKind.Municipality, "Beelen", 6_000),
        ("05570016", MemberKind.Municipality, "Drensteinfurt", 15_500),
        ("05570020", MemberKind.Municipality, "Ennigerloh", 19_500),
        ("05570024", MemberKind.Municipality, "Everswinkel", 9_500),
        ("05570028", MemberKind.Municipality, "Oelde", 29_000),
        ("05570032", MemberKind.Municipality, "Ostbevern", 11_000),
        ("05570036", MemberKind.Municipality, "Sassenberg", 14_500),
        ("05570040", MemberKind.Municipality, "Sendenhorst", 13_500),
        ("05570044", MemberKind.Municipality, "Telgte", 20_000),
        ("05570048", MemberKind.Municipality, "Wadersloh", 12_500),
        ("05570052", MemberKind.Municipality, "Warendorf", 37_500),
    ];

    // The six Handlungsfelder of the seed paper, in its order.
    private static readonly string[] FieldsOfAction =
    [
        "Digitale Infrastruktur",
        "Klimaschutz, Mobilität & Umwelt",
        "Familie, Bildung & Lebensqualität",
        "Verwaltung",
        "Wirtschaft & Arbeit",
        "Innenstadt & Dorfmitte",
    ];

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
                foreach (var (ags, kind, name, population) in Members)
                {
                    await MembersSql.InsertAsync(session, MemberRow.New(region.Id, ags, kind, name, population, now), Actor);
                }

                for (var i = 0; i < FieldsOfAction.Length; i++)
                {
                    await FieldsOfActionSql.InsertAsync(
                        session,
                        new FieldOfActionRow
                        {
                            Id = Guid.CreateVersion7(),
                            RegionId = region.Id,
                            Name = FieldsOfAction[i],
                            Position = i + 1,
                            Version = 1,
                            CreatedAt = now,
                            UpdatedAt = now,
                        },
                        Actor);
                }
            },
            ct);

        await keys.RevokeByLabelAsync(DemoKeyLabel, ct);
        var created = await keys.CreateAsync(RoleNames.Coordinator, RegionSlug, ags: null, DemoKeyLabel, ct);
        return created.Key;
    }
}
