using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>A Smart Region: one cooperation of a Kreis and its municipalities.</summary>
/// <param name="Slug">Identifier in URLs, e.g. <c>kreis-warendorf</c>.</param>
/// <param name="Name">Display name.</param>
/// <param name="KreisKey">The 5-digit key every member's AGS starts with, e.g. <c>05570</c>.</param>
/// <param name="Vision">The strategy's vision text.</param>
/// <param name="ReportingIntervalDays">Days a project in implementation may go without a status report before it is <c>reportOverdue</c> (default 90).</param>
/// <param name="PublicRead">Whether anonymous callers may read the region's public subset (region, members without contact data, fields of action, themes, projects without contacts and notes, public meetings and agenda items, their decisions and circulation decisions, status reports). Off by default.</param>
/// <param name="Version">Changes with every update; the ETag.</param>
/// <param name="CreatedAt">When the region was created (UTC).</param>
/// <param name="UpdatedAt">When the region last changed (UTC).</param>
public sealed record RegionResponse(
    string Slug, string Name, string KreisKey, string? Vision, int ReportingIntervalDays, bool PublicRead, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static RegionResponse From(RegionRow row) =>
        new(row.Slug, row.Name, row.KreisKey, row.Vision, row.ReportingIntervalDays, row.PublicRead, row.Version, row.CreatedAt, row.UpdatedAt);

    public static string Location(string slug) => GetRegionRequest.BuildRoute(slug);

    public string ETag() => Preconditions.ETagFor(Version);
}
