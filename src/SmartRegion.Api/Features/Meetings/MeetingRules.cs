using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>The editable fields of a meeting, shared by create and update.</summary>
public interface IMeetingFields
{
    string Number { get; }

    string Title { get; }

    DateTimeOffset? StartsAt { get; }

    DateTimeOffset? EndsAt { get; }

    string? Location { get; }

    string? OnlineLink { get; }
}

/// <summary>Shape rules for a meeting's fields (the widths of the <c>Meetings</c> columns).</summary>
public sealed class MeetingFieldsRules : AbstractValidator<IMeetingFields>
{
    public MeetingFieldsRules()
    {
        RuleFor(r => r.Number).NotEmpty().MaximumLength(MeetingRules.NumberMaxLength);
        RuleFor(r => r.Title).NotEmpty().MaximumLength(MeetingRules.TitleMaxLength);
        RuleFor(r => r.StartsAt).NotNull();
        RuleFor(r => r.EndsAt).NotNull()
            .GreaterThanOrEqualTo(r => r.StartsAt).When(r => r.StartsAt is not null).WithMessage("A meeting cannot end before it starts.", "Eine Sitzung kann nicht enden, bevor sie beginnt.");
        RuleFor(r => r.Location).MaximumLength(MeetingRules.LocationMaxLength);
        RuleFor(r => r.OnlineLink).MaximumLength(MeetingRules.OnlineLinkMaxLength)
            .Must(ParticipationRules.IsHttpUrl).WithMessage("The link must be an absolute http or https URL.", "Der Link muss eine absolute http- oder https-URL sein.");
    }
}

/// <summary>Meeting rules beyond the lifecycle (which lives in <c>Domain/SteeringCommittee.cs</c>) and access to meetings.</summary>
public static class MeetingRules
{
    public const int NumberMaxLength = 30;
    public const int TitleMaxLength = 200;
    public const int LocationMaxLength = 300;
    public const int OnlineLinkMaxLength = 500;
    public const int ReasonMaxLength = 2000;
    public const int MinutesMaxLength = 200_000;
    public const int AgendaNumberMaxLength = 20;
    public const int AgendaDescriptionMaxLength = 4000;
    public const int DelegateNameMaxLength = 200;

    /// <summary>The change-feed entity of every meeting write (the id is the meeting's).</summary>
    public const string EntityType = "meeting";

    public const string AttendanceIncompleteType = "urn:smartregion:problem:attendance-incomplete";

    /// <summary>Timestamps are stored in UTC to the microsecond, so they read back exactly as written (ETags, keyset cursors).</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    /// <summary>The meeting with everything it shows, in a region the caller may see; 404 otherwise.</summary>
    public static async Task<(RegionRow Region, MeetingAggregate Meeting)> RequireAsync(DbSession session, string slug, Guid id, Caller caller)
    {
        var region = await RegionAccess.RequireVisibleAsync(session, slug, caller);
        // Non-public agenda items are for the coordinator and the members only.
        var meeting = await MeetingsSql.LoadAsync(session, region.Id, id, onlyPublic: !caller.SeesNonPublicAgenda) ?? throw NotFound(slug, id);
        return (region, meeting);
    }

    /// <summary>Only the meeting row, for writes that need no more.</summary>
    public static async Task<(RegionRow Region, MeetingRow Meeting)> RequireRowAsync(DbSession session, string slug, Guid id, Caller caller)
    {
        var region = await RegionAccess.RequireVisibleAsync(session, slug, caller);
        var meeting = await session.QuerySingleOrDefaultAsync<MeetingRow>(MeetingsSql.Get, new { RegionId = region.Id, Id = id }) ?? throw NotFound(slug, id);
        return (region, meeting);
    }

    public static async Task<MeetingAggregate> ReloadAsync(DbSession session, MeetingRow meeting) =>
        await MeetingsSql.LoadAsync(session, meeting.RegionId, meeting.Id)
            ?? throw new InvalidOperationException("A meeting vanished inside the transaction that changed it.");

    public static async Task EnsureNumberIsFreeAsync(DbSession session, Guid regionId, string number, Guid? self = null)
    {
        if (await session.QuerySingleOrDefaultAsync<Guid?>(MeetingsSql.IdByNumber, new { RegionId = regionId, NumberKey = TextKeys.ForReference(number) }) is { } holder && holder != self)
        {
            throw DuplicateNumber(number);
        }
    }

    /// <summary>The id of the region's meeting with this number, or null.</summary>
    public static Task<Guid?> FindIdByNumberAsync(DbSession session, Guid regionId, string number) =>
        session.QuerySingleOrDefaultAsync<Guid?>(MeetingsSql.IdByNumber, new { RegionId = regionId, NumberKey = TextKeys.ForReference(number) });

    public static ApiProblemException DuplicateNumber(string number) =>
        ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate number", $"The region already has a meeting with number '{number}'.");

    public static Task RecordChangeAsync(DbSession session, MeetingRow meeting, string kind, string actor, DateTimeOffset now, object? details = null) =>
        ChangeLog.RecordAsync(session, new ChangeEntry(meeting.RegionId, EntityType, meeting.Id.ToString("D"), kind, actor, now, details));

    private static ApiProblemException NotFound(string slug, Guid id) =>
        ApiProblemException.NotFound($"There is no meeting {id} in region '{slug}'.");
}
