using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>A member's participation in a project: its role, where its decision stands, and what it contributes.</summary>
/// <param name="ProjectId">The project's id.</param>
/// <param name="Ags">The participating member's AGS.</param>
/// <param name="Role"><c>lead</c> (federführend, at most one per project), <c>partner</c> or <c>observer</c> (no cost share).</param>
/// <param name="State"><c>interested</c>, <c>pending_council</c>, <c>committed</c> or <c>withdrawn</c>; changed only through transitions.</param>
/// <param name="Contact">The member's contact person for this project, or null when none is recorded.</param>
/// <param name="StaffFte">Staff contribution in full-time equivalents (Vollzeitäquivalente).</param>
/// <param name="CustomPercent">The member's share in percent, used when the project's cost sharing key is <c>custom</c>.</param>
/// <param name="Note">Free note.</param>
/// <param name="CouncilResolution">
/// The council resolution (Ratsbeschluss) behind the commitment: recorded when committing, kept after a withdrawal,
/// cleared when the member becomes interested again.
/// </param>
/// <param name="Version">Changes with every update and transition; the ETag.</param>
/// <param name="CreatedAt">When the participation was first recorded (UTC).</param>
/// <param name="UpdatedAt">When it last changed (UTC).</param>
public sealed record ParticipationResponse(
    Guid ProjectId,
    string Ags,
    ParticipationRole Role,
    ParticipationState State,
    ParticipationContact? Contact,
    [property: Fte] decimal? StaffFte,
    [property: Percent] decimal? CustomPercent,
    string? Note,
    CouncilResolution? CouncilResolution,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ParticipationResponse From(ParticipationRow row) => new(
        row.ProjectId,
        row.Ags,
        row.RoleValue,
        row.StateValue,
        row.ContactName is null && row.ContactEmail is null ? null : new ParticipationContact(row.ContactName, row.ContactEmail),
        row.StaffFte,
        row.CustomPercent,
        row.Note,
        row.Resolution,
        row.Version,
        row.CreatedAt,
        row.UpdatedAt);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>Who to contact at the member about this project.</summary>
/// <param name="Name">Contact person or office.</param>
/// <param name="Email">E-mail address.</param>
public sealed record ParticipationContact(string? Name, string? Email);
