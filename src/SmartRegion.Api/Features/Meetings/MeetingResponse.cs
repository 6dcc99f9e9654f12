using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// An agenda item (TOP) of a meeting. Non-public items (<c>isPublic: false</c>) are shown to the region's coordinator
/// and members only; readers, admins and the public never see them, nor the decisions taken on them.
/// </summary>
/// <param name="ProjectIds">Projects of the region this item is about, ordered by id.</param>
public sealed record AgendaItemResponse(
    Guid Id,
    string Number,
    int Position,
    string Title,
    string? Description,
    bool IsPublic,
    IReadOnlyList<Guid> ProjectIds,
    int Version)
{
    public static AgendaItemResponse From(AgendaItemRow row, IEnumerable<Guid> projectIds) => new(
        row.Id, row.Number, row.Position, row.Title, row.Description, row.IsPublic, projectIds.Order().ToList(), row.Version);

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A seat of a meeting: the member (by AGS) and how it was represented; <c>status</c> is null until recorded.</summary>
public sealed record AttendanceResponse(string Ags, AttendanceStatus? Status, string? DelegateName)
{
    public static AttendanceResponse From(AttendanceRow row) =>
        new(row.Ags, row.Status is null ? null : EnumText.Parse<AttendanceStatus>(row.Status), row.DelegateName);
}

/// <summary>
/// A Lenkungskreis meeting (Sitzung) with its agenda in order and its seats (one per member active when it was
/// planned). Its decisions are read with <c>GET …/decisions?meeting={id}</c>.
/// </summary>
public sealed record MeetingResponse(
    Guid Id,
    string Number,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Location,
    string? OnlineLink,
    DateOnly? InvitationDate,
    MeetingState State,
    IReadOnlyList<AgendaItemResponse> AgendaItems,
    IReadOnlyList<AttendanceResponse> Attendance,
    string? Minutes,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingResponse From(MeetingAggregate whole)
    {
        var (row, items, links, seats) = whole;
        var projects = links.ToLookup(link => link.AgendaItemId, link => link.ProjectId);
        return new MeetingResponse(
            row.Id, row.Number, row.Title, row.StartsAt, row.EndsAt, row.Location, row.OnlineLink, row.InvitationDate, row.StateValue,
            items.OrderBy(item => item.Position).Select(item => AgendaItemResponse.From(item, projects[item.Id])).ToList(),
            seats.Select(AttendanceResponse.From).ToList(),
            row.Minutes, row.Version, row.CreatedAt, row.UpdatedAt);
    }

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A meeting as listed: everything but its agenda, attendance and minutes (read the meeting for those).</summary>
public sealed record MeetingSummaryResponse(
    Guid Id,
    string Number,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Location,
    string? OnlineLink,
    DateOnly? InvitationDate,
    MeetingState State,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static MeetingSummaryResponse From(MeetingRow row) => new(
        row.Id, row.Number, row.Title, row.StartsAt, row.EndsAt, row.Location, row.OnlineLink, row.InvitationDate, row.StateValue,
        row.Version, row.CreatedAt, row.UpdatedAt);
}

/// <summary>
/// A meeting as the public reads it (a region with <c>publicRead</c>, no credentials): its public agenda items only,
/// without the online link, the attendance (it names delegates, personal data) and the minutes (they may cover
/// non-public items).
/// </summary>
public sealed record PublicMeetingResponse(
    Guid Id,
    string Number,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Location,
    DateOnly? InvitationDate,
    MeetingState State,
    IReadOnlyList<AgendaItemResponse> AgendaItems,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>From a meeting loaded with its public agenda items only (<c>onlyPublic</c>).</summary>
    public static PublicMeetingResponse From(MeetingResponse whole) =>
        whole.AgendaItems.Any(item => !item.IsPublic)
            ? throw new InvalidOperationException("A meeting with non-public agenda items reached the public response.")
            : new(whole.Id, whole.Number, whole.Title, whole.StartsAt, whole.EndsAt, whole.Location, whole.InvitationDate, whole.State,
                whole.AgendaItems, whole.Version, whole.CreatedAt, whole.UpdatedAt);
}

/// <summary>A meeting as the public lists it: <see cref="MeetingSummaryResponse"/> without the online link.</summary>
public sealed record PublicMeetingSummaryResponse(
    Guid Id,
    string Number,
    string Title,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string? Location,
    DateOnly? InvitationDate,
    MeetingState State,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static PublicMeetingSummaryResponse From(MeetingRow row) => new(
        row.Id, row.Number, row.Title, row.StartsAt, row.EndsAt, row.Location, row.InvitationDate, row.StateValue,
        row.Version, row.CreatedAt, row.UpdatedAt);
}
