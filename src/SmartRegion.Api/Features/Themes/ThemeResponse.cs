using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>A theme (Querschnittsthema): a cross-cutting tag of the region that projects carry, e.g. "Daten".</summary>
/// <param name="Id">UUID (version 7) made by the service.</param>
/// <param name="Name">Display name, unique in the region regardless of case and spacing, e.g. <c>Beteiligung</c>.</param>
/// <param name="Description">What the theme covers.</param>
/// <param name="Version">Changes with every update; the ETag.</param>
/// <param name="CreatedAt">When the theme was created (UTC).</param>
/// <param name="UpdatedAt">When the theme last changed (UTC).</param>
public sealed record ThemeResponse(Guid Id, string Name, string? Description, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ThemeResponse From(ThemeRow row) => new(row.Id, row.Name, row.Description, row.Version, row.CreatedAt, row.UpdatedAt);

    public static string Location(string slug, Guid id) => GetThemeRequest.BuildRoute(slug, id);

    public string ETag() => Preconditions.ETagFor(Version);
}
