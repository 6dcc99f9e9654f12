using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Moves a meeting along its lifecycle (the region's coordinator): <c>planned → held → closed</c> or
/// <c>planned → cancelled</c>. Any other move is 409 <c>meeting-transition-not-allowed</c>, and a closed or
/// cancelled meeting refuses everything with 409 <c>meeting-read-only</c>. Closing needs the attendance of every seat
/// (409 <c>attendance-incomplete</c> naming the seats still open), because a closed meeting's record never changes.
/// </summary>
public sealed record TransitionMeetingRequest : IHasExample<TransitionMeetingRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/transitions";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    // Nullable so that a missing target is a validation error rather than silently the first enum value.
    /// <summary>The state to move to: <c>held</c>, <c>closed</c> or <c>cancelled</c>.</summary>
    public MeetingState? To { get; set; }

    /// <summary>Why, e.g. why a meeting was cancelled; kept in the change feed. At most 2000 characters.</summary>
    public string? Reason { get; set; }

    public static TransitionMeetingRequest Example => new()
    {
        To = MeetingState.Held,
        Reason = "Die Sitzung hat wie geplant im Kreishaus Warendorf stattgefunden.",
    };

    public static string BuildRoute(string slug, Guid id) => $"{GetMeetingRequest.BuildRoute(slug, id)}/transitions";
}

public sealed class TransitionMeetingValidator : Validator<TransitionMeetingRequest>
{
    public TransitionMeetingValidator()
    {
        RuleFor(r => r.To).NotNull();
        RuleFor(r => r.Reason).MaximumLength(MeetingRules.ReasonMaxLength);
    }
}

public sealed class TransitionMeetingEndpoint(SmartRegionDb db, Clock clock) : Endpoint<TransitionMeetingRequest, MeetingResponse>
{
    public override void Configure()
    {
        Post(TransitionMeetingRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("transitionMeeting").WithSummary("Move a meeting to another lifecycle state").WithTags("Meetings")
                .JsonBody<TransitionMeetingRequest>()
                .Returns<MeetingResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(TransitionMeetingRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var moved = await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await MeetingRules.RequireAsync(session, request.Slug, request.Id, caller);
                return await MeetingTransition.ApplyAsync(session, whole, request, expectedVersion, caller.Actor, now);
            },
            ct);

        var response = MeetingResponse.From(moved);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement SetState = SqlStatement.Shared("""
            UPDATE Meetings
            SET State = @State, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}

/// <summary>
/// The use case behind <c>transitionMeeting</c>, for every caller that moves meetings (the endpoint and the demo
/// seed): the body's shape, the lifecycle, the expected version and, for closing, every seat's attendance; then the
/// new state and its change record, in the caller's transaction.
/// </summary>
public static class MeetingTransition
{
    private static readonly TransitionMeetingValidator Shape = new();

    public static async Task<MeetingAggregate> ApplyAsync(
        DbSession session, MeetingAggregate whole, TransitionMeetingRequest request, IfMatch expectedVersion, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        var to = request.To!.Value;
        var meeting = whole.Meeting;
        MeetingLifecycle.EnsureTransition(meeting.StateValue, to);
        Preconditions.EnsureCurrent(expectedVersion, meeting.Version);
        if (to == MeetingState.Closed)
        {
            EnsureAttendanceComplete(whole.Attendance);
        }

        var row = meeting with { State = EnumText.ToText(to), UpdatedAt = now };
        if (await session.ExecuteAsync(TransitionMeetingEndpoint.Sql.SetState, new { row.Id, row.State, row.UpdatedAt, ExpectedVersion = meeting.Version }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        await MeetingRules.RecordChangeAsync(session, row, "transitioned", actor, now,
            new { from = meeting.State, to = row.State, reason = request.Reason });
        return await MeetingRules.ReloadAsync(session, row);
    }

    private static void EnsureAttendanceComplete(IReadOnlyList<AttendanceRow> seats)
    {
        var open = seats.Where(seat => seat.Status is null).Select(seat => seat.Ags).ToList();
        if (open.Count > 0)
        {
            throw ApiProblemException.Conflict(MeetingRules.AttendanceIncompleteType, "Attendance incomplete",
                $"Record the attendance of every seat before closing the meeting; still open: {string.Join(", ", open)}.");
        }
    }
}
