using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Records how seats were represented at a held meeting (the region's coordinator; If-Match carries the meeting's
/// ETag). Only the seats listed change, so attendance can be recorded in parts; an AGS without a seat in this
/// meeting is 400. A planned meeting is 409 <c>meeting-not-held</c>, a closed or cancelled one 409 <c>meeting-read-only</c>.
/// </summary>
public sealed record RecordAttendanceRequest : IHasExample<RecordAttendanceRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/attendance";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>The seats to record, each AGS at most once.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<AttendanceEntryInput> Entries { get; set; } = [];

    public static RecordAttendanceRequest Example => new()
    {
        Entries =
        [
            new() { Ags = "05570000", Status = AttendanceStatus.Present, DelegateName = "Dr. Anna Lindner" },
            AttendanceEntryInput.Example,
            new() { Ags = "05570012", Status = AttendanceStatus.Excused },
        ],
    };

    public static string BuildRoute(string slug, Guid meetingId) => $"{GetMeetingRequest.BuildRoute(slug, meetingId)}/attendance";
}

/// <summary>How one seat was represented.</summary>
public sealed record AttendanceEntryInput : IHasExample<AttendanceEntryInput>
{
    /// <summary>The member's AGS; it must have a seat in this meeting.</summary>
    public string Ags { get; set; } = string.Empty;

    /// <summary><c>present</c>, <c>excused</c> or <c>absent</c>.</summary>
    public AttendanceStatus? Status { get; set; }

    /// <summary>Who sat for the member, at most 200 characters.</summary>
    public string? DelegateName { get; set; }

    public static AttendanceEntryInput Example => new()
    {
        Ags = "05570004",
        Status = AttendanceStatus.Present,
        DelegateName = "Jörg Brune",
    };
}

public sealed class RecordAttendanceValidator : Validator<RecordAttendanceRequest>
{
    public RecordAttendanceValidator()
    {
        RuleFor(r => r.Entries).AtMostMaxItems();
        RuleFor(r => r.Entries).NotNull().NotEmpty()
            .Must(entries => entries is null || entries.Select(entry => entry.Ags).Distinct().Count() == entries.Count)
            .WithMessage("Name each seat only once.", "Jeder Sitz darf nur einmal genannt werden.");
        RuleForEach(r => r.Entries).SetValidator(new AttendanceEntryRules());
    }
}

/// <summary>One seat's attendance; a named validator so the OpenAPI schema can list what it requires.</summary>
public sealed class AttendanceEntryRules : AbstractValidator<AttendanceEntryInput>
{
    public AttendanceEntryRules()
    {
        RuleFor(e => e.Ags).NotEmpty();
        RuleFor(e => e.Status).NotNull();
        RuleFor(e => e.DelegateName).MaximumLength(MeetingRules.DelegateNameMaxLength);
    }
}

public sealed class RecordAttendanceEndpoint(SmartRegionDb db, Clock clock) : Endpoint<RecordAttendanceRequest, MeetingResponse>
{
    public override void Configure()
    {
        Put(RecordAttendanceRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("recordAttendance").WithSummary("Record the attendance of seats at a held meeting").WithTags("Meetings")
                .JsonBody<RecordAttendanceRequest>()
                .Returns<MeetingResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RecordAttendanceRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var recorded = await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await MeetingRules.RequireAsync(session, request.Slug, request.Id, caller);
                var outcome = await AttendanceRecording.RecordAsync(session, whole, request, expectedVersion, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Meeting!;
            },
            ct);

        var response = MeetingResponse.From(recorded);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Record = SqlStatement.Shared("""
            UPDATE Attendance
            SET Status = @Status, DelegateName = @DelegateName
            WHERE MeetingId = @MeetingId AND Ags = @Ags
            """);
    }
}

/// <summary>
/// The use case behind <c>recordAttendance</c>, for every caller that records attendance (the endpoint and the demo
/// seed): the body's shape, a held meeting at the expected version, seats of this meeting, then the listed seats,
/// the meeting's new version and its change record, in the caller's transaction.
/// </summary>
public static class AttendanceRecording
{
    private static readonly RecordAttendanceValidator Shape = new();

    /// <summary>What recording gave: the meeting as stored, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(MeetingAggregate? Meeting, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> RecordAsync(
        DbSession session, MeetingAggregate whole, RecordAttendanceRequest request, IfMatch expectedVersion, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var shape = Shape.Validate(request).Errors;
        if (shape.Count > 0)
        {
            return new Outcome(null, shape);
        }

        var meeting = whole.Meeting;
        MeetingLifecycle.EnsureHeld(meeting.StateValue);
        Preconditions.EnsureCurrent(expectedVersion, meeting.Version);
        var seats = whole.Attendance.Select(seat => seat.Ags).ToHashSet(StringComparer.Ordinal);
        var failures = new List<ValidationFailure>();
        for (var index = 0; index < request.Entries.Count; index++)
        {
            if (!seats.Contains(request.Entries[index].Ags))
            {
                failures.Add(new ValidationFailure($"entries[{index}].ags", $"{request.Entries[index].Ags} has no seat in this meeting."));
            }
        }

        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        await MeetingsSql.TouchAsync(session, meeting, now);
        foreach (var entry in request.Entries)
        {
            await session.ExecuteAsync(RecordAttendanceEndpoint.Sql.Record, new
            {
                MeetingId = meeting.Id, entry.Ags, Status = EnumText.ToText(entry.Status!.Value), entry.DelegateName,
            });
        }

        // Delegate names are personal data: the change record keeps the seats and statuses only (README, "Personal data").
        await MeetingRules.RecordChangeAsync(session, meeting, "attendance-recorded", actor, now,
            new { entries = request.Entries.Select(entry => new { entry.Ags, status = EnumText.ToText(entry.Status!.Value) }) });
        return new Outcome(await MeetingRules.ReloadAsync(session, meeting), []);
    }
}
