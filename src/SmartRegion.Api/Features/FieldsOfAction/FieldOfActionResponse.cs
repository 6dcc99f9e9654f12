using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>A field of action (Handlungsfeld): a thematic field of the region's strategy that projects belong to.</summary>
/// <param name="Id">UUID (version 7) made by the service.</param>
/// <param name="Name">Display name, unique in the region regardless of case, e.g. <c>Digitale Infrastruktur</c>.</param>
/// <param name="Description">What the field covers.</param>
/// <param name="Position">Place in the region's order, 1 to n without gaps.</param>
/// <param name="Version">Changes with every update, including a change of position; the ETag.</param>
/// <param name="CreatedAt">When the field of action was created (UTC).</param>
/// <param name="UpdatedAt">When the field of action last changed (UTC).</param>
public sealed record FieldOfActionResponse(
    Guid Id, string Name, string? Description, int Position, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static FieldOfActionResponse From(FieldOfActionRow row) =>
        new(row.Id, row.Name, row.Description, row.Position, row.Version, row.CreatedAt, row.UpdatedAt);

    public static string Location(string slug, Guid id) => GetFieldOfActionRequest.BuildRoute(slug, id);

    public string ETag() => Preconditions.ETagFor(Version);
}
