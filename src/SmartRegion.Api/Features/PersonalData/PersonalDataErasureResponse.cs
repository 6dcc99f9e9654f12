using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.PersonalData;

/// <summary>What an erasure matched a person by.</summary>
public enum ErasureMatch
{
    Name,
    Email,
    NameAndEmail,
}

/// <summary>How many stored places an erasure changed, per kind of place.</summary>
/// <param name="MemberContacts">Members whose contact was the person (name replaced by the pseudonym, e-mail and phone removed).</param>
/// <param name="ParticipationContacts">Participations whose contact was the person (name replaced, e-mail removed).</param>
/// <param name="CommitteeDelegates">Lenkungskreis seats whose delegates named the person.</param>
/// <param name="AttendanceDelegates">Meeting seats whose recorded delegate named the person.</param>
/// <param name="ChangeRecords">Change records whose stored details named the person.</param>
/// <param name="StoredResponses">Answers kept for <c>Idempotency-Key</c> replays that named the person.</param>
public sealed record ErasedPlacesResponse(
    int MemberContacts, int ParticipationContacts, int CommitteeDelegates, int AttendanceDelegates, int ChangeRecords, int StoredResponses)
{
    public int Total => MemberContacts + ParticipationContacts + CommitteeDelegates + AttendanceDelegates + ChangeRecords + StoredResponses;
}

/// <summary>
/// The record of one erasure of personal data (DSGVO): who erased, when, what it matched by, the pseudonym that now
/// stands for the person, and how many places changed. It never holds the erased name or e-mail.
/// </summary>
/// <param name="Pseudonym">What replaced the person's name everywhere, e.g. <c>Gelöschte Person 3f9a1c2b</c>.</param>
/// <param name="Total">The sum of <c>places</c>; 0 when nothing named the person.</param>
/// <param name="ErasedBy">The credential that erased, as change records name it.</param>
/// <param name="Version">Always 1: an erasure record never changes; the ETag.</param>
public sealed record PersonalDataErasureResponse(
    Guid Id, ErasureMatch MatchedBy, string Pseudonym, ErasedPlacesResponse Places, int Total, string ErasedBy, DateTimeOffset ErasedAt, int Version)
{
    public static PersonalDataErasureResponse From(PersonalDataErasureRow row)
    {
        var places = new ErasedPlacesResponse(
            row.MemberContacts, row.ParticipationContacts, row.CommitteeDelegates, row.AttendanceDelegates, row.ChangeRecords, row.StoredResponses);
        return new(row.Id, EnumText.Parse<ErasureMatch>(row.MatchedBy), row.Pseudonym, places, places.Total, row.ErasedBy, row.ErasedAt, 1);
    }

    public string ETag() => Preconditions.ETagFor(Version);
}

/// <summary>A row of <c>PersonalDataErasures</c>.</summary>
public sealed record PersonalDataErasureRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string MatchedBy { get; init; } = string.Empty;

    public string Pseudonym { get; init; } = string.Empty;

    public int MemberContacts { get; init; }

    public int ParticipationContacts { get; init; }

    public int CommitteeDelegates { get; init; }

    public int AttendanceDelegates { get; init; }

    public int ChangeRecords { get; init; }

    public int StoredResponses { get; init; }

    public string ErasedBy { get; init; } = string.Empty;

    public DateTimeOffset ErasedAt { get; init; }
}
