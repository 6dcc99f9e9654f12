using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>
/// Replaces a region's name, vision, reporting interval, district share and public read setting (admin, or the region's coordinator). The slug and Kreis key are fixed
/// for life: members' AGS and every URL depend on them.
/// </summary>
public sealed record UpdateRegionRequest : IHasExample<UpdateRegionRequest>
{
    public const string Route = "/api/v1/regions/{slug}";

    public string Slug { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string? Vision { get; set; }

    /// <summary>
    /// Days (1–3660) a project in implementation may go without a status report before it is shown as
    /// <c>reportOverdue</c>; absent means the default of 90.
    /// </summary>
    public int? ReportingIntervalDays { get; set; }

    /// <summary>
    /// Under the population key, the share (0–100 %, 2 decimals) the district carries when it takes part; the
    /// municipalities split the rest by population. Absent: not configured (such an allocation is then refused).
    /// </summary>
    [Percent]
    public decimal? DistrictSharePercent { get; set; }

    /// <summary>
    /// Whether anonymous callers may read the region's public subset (no contact data, no non-public agenda items or
    /// their decisions); absent means <c>false</c>.
    /// </summary>
    public bool? PublicRead { get; set; }

    public static UpdateRegionRequest Example => new()
    {
        Name = "Smart Region Kreis Warendorf",
        Vision = "Gemeinsam digital: Der Kreis Warendorf und seine 13 Städte und Gemeinden machen Verwaltung, Mobilität und Daseinsvorsorge einfacher, offener und nachhaltiger.",
        ReportingIntervalDays = 90,
        DistrictSharePercent = 30.00m,
        PublicRead = true,
    };

    public static string BuildRoute(string slug) => GetRegionRequest.BuildRoute(slug);
}

public sealed class UpdateRegionValidator : Validator<UpdateRegionRequest>
{
    public UpdateRegionValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(RegionRules.NameMaxLength);
        RuleFor(r => r.Vision).MaximumLength(RegionRules.VisionMaxLength);
        RuleFor(r => r.ReportingIntervalDays).InclusiveBetween(1, RegionRules.MaxReportingIntervalDays);
        RuleFor(r => r.DistrictSharePercent).IsPercentage();
    }
}

public sealed class UpdateRegionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateRegionRequest, RegionResponse>
{
    public override void Configure()
    {
        Put(UpdateRegionRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("updateRegion").WithSummary("Update a region's name, vision, reporting interval, district share and public read").WithTags("Regions")
                .JsonBody<UpdateRegionRequest>()
                .Returns<RegionResponse>()
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateRegionRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                Preconditions.EnsureCurrent(expectedVersion, region.Version);
                var row = new RegionRow
                {
                    Id = region.Id,
                    Slug = region.Slug,
                    Name = request.Name,
                    KreisKey = region.KreisKey,
                    Vision = request.Vision,
                    ReportingIntervalDays = request.ReportingIntervalDays ?? RegionRules.DefaultReportingIntervalDays,
                    DistrictSharePercent = request.DistrictSharePercent,
                    PublicRead = request.PublicRead ?? false,
                    Version = region.Version + 1,
                    CreatedAt = region.CreatedAt,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(Sql.Update, new { row.Id, row.Name, row.Vision, row.ReportingIntervalDays, row.DistrictSharePercent, row.PublicRead, row.UpdatedAt, ExpectedVersion = region.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, "region", region.Slug, "updated", caller.Actor, now,
                    new { changed = ChangedFields(region, row) }, row.Version));
                return row;
            },
            ct);

        var response = RegionResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    private static string[] ChangedFields(RegionRow before, RegionRow after) =>
        new[] { ("name", before.Name != after.Name), ("vision", before.Vision != after.Vision), ("reportingIntervalDays", before.ReportingIntervalDays != after.ReportingIntervalDays),
            ("districtSharePercent", before.DistrictSharePercent != after.DistrictSharePercent),
            ("publicRead", before.PublicRead != after.PublicRead) }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE Regions
            SET Name = @Name, Vision = @Vision, ReportingIntervalDays = @ReportingIntervalDays, DistrictSharePercent = @DistrictSharePercent, PublicRead = @PublicRead, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
