using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>A member of a region: the Kreis (district) or one of its Städte und Gemeinden.</summary>
/// <param name="Ags">The 8-digit Amtlicher Gemeindeschlüssel; the member's identifier in URLs.</param>
/// <param name="Kind">District (the Kreis itself) or municipality.</param>
/// <param name="Name">Display name, e.g. <c>Stadt Ahlen</c>.</param>
/// <param name="Population">Inhabitants, when known; used by population-based cost sharing.</param>
/// <param name="Contact">Who to contact, or null when nobody is recorded.</param>
/// <param name="Active">False once deactivated; members are never deleted.</param>
/// <param name="DeactivatedAt">When the member was deactivated (UTC), while it is inactive.</param>
/// <param name="Version">Changes with every update; the ETag.</param>
/// <param name="CreatedAt">When the member was created (UTC).</param>
/// <param name="UpdatedAt">When the member last changed (UTC).</param>
public sealed record MemberResponse(
    string Ags,
    MemberKind Kind,
    string Name,
    int? Population,
    MemberContact? Contact,
    bool Active,
    DateTimeOffset? DeactivatedAt,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MemberResponse From(MemberRow row) =>
        new(
            row.Ags,
            MemberKinds.Parse(row.Kind),
            row.Name,
            row.Population,
            row.ContactName is null && row.ContactEmail is null && row.ContactPhone is null
                ? null
                : new MemberContact(row.ContactName, row.ContactEmail, row.ContactPhone),
            row.IsActive,
            row.DeactivatedAt,
            row.Version,
            row.CreatedAt,
            row.UpdatedAt);

    public static string Location(string slug, string ags) => GetMemberRequest.BuildRoute(slug, ags);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>Who to contact at a member.</summary>
/// <param name="Name">Contact person or office.</param>
/// <param name="Email">E-mail address.</param>
/// <param name="Phone">Phone number as written by the member.</param>
public sealed record MemberContact(string? Name, string? Email, string? Phone);

/// <summary>
/// A member as the public reads it (a region with <c>publicRead</c>, no credentials): <see cref="MemberResponse"/>
/// without the contact, which is personal data.
/// </summary>
/// <param name="Ags">The 8-digit Amtlicher Gemeindeschlüssel; the member's identifier in URLs.</param>
/// <param name="Kind">District (the Kreis itself) or municipality.</param>
/// <param name="Name">Display name, e.g. <c>Stadt Ahlen</c>.</param>
/// <param name="Population">Inhabitants, when known.</param>
/// <param name="Active">False once deactivated; members are never deleted.</param>
/// <param name="DeactivatedAt">When the member was deactivated (UTC), while it is inactive.</param>
/// <param name="Version">Changes with every update; the ETag.</param>
/// <param name="CreatedAt">When the member was created (UTC).</param>
/// <param name="UpdatedAt">When the member last changed (UTC).</param>
public sealed record PublicMemberResponse(
    string Ags, MemberKind Kind, string Name, int? Population, bool Active, DateTimeOffset? DeactivatedAt, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static PublicMemberResponse From(MemberRow row) =>
        new(row.Ags, MemberKinds.Parse(row.Kind), row.Name, row.Population, row.IsActive, row.DeactivatedAt, row.Version, row.CreatedAt, row.UpdatedAt);
}
