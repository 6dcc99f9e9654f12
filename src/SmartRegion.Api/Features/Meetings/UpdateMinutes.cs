using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Replaces a meeting's minutes (the region's coordinator; If-Match carries the meeting's ETag), while it is planned
/// or held. A closed or cancelled meeting is the record and refuses with 409 <c>meeting-read-only</c>.
/// </summary>
public sealed record UpdateMinutesRequest : IHasExample<UpdateMinutesRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/minutes";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>The minutes text, at most 200000 characters; null or omitted clears it.</summary>
    public string? Minutes { get; set; }

    public static UpdateMinutesRequest Example => new()
    {
        Minutes = "Niederschrift der Sitzung LK 2026/2 am 10.12.2026 im Kreishaus Warendorf. TOP 1: Der Lenkungskreis ist mit 13 von 14 Sitzen beschlussfähig. TOP 2: Das Protokoll der Sitzung LK 2026/1 wird genehmigt. TOP 3: Der Lenkungskreis beschließt die Umsetzung des Leitprojekts LP-07 „Beispiel: Digitale Bürgerdienste“.",
    };

    public static string BuildRoute(string slug, Guid meetingId) => $"{GetMeetingRequest.BuildRoute(slug, meetingId)}/minutes";
}

public sealed class UpdateMinutesValidator : Validator<UpdateMinutesRequest>
{
    public UpdateMinutesValidator()
    {
        RuleFor(r => r.Minutes).MaximumLength(MeetingRules.MinutesMaxLength);
    }
}

public sealed class UpdateMinutesEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateMinutesRequest, MeetingResponse>
{
    public override void Configure()
    {
        Put(UpdateMinutesRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("updateMinutes").WithSummary("Replace a meeting's minutes").WithTags("Meetings")
                .JsonBody<UpdateMinutesRequest>()
                .Returns<MeetingResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateMinutesRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (_, meeting) = await MeetingRules.RequireRowAsync(session, request.Slug, request.Id, caller);
                return await MinutesUpdate.ReplaceAsync(session, meeting, request, expectedVersion, caller.Actor, now);
            },
            ct);

        var response = MeetingResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement SetMinutes = SqlStatement.Shared("""
            UPDATE Meetings
            SET Minutes = @Minutes, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}

/// <summary>
/// The use case behind <c>updateMinutes</c>, for every caller that writes minutes (the endpoint and the demo seed):
/// the body's shape, a writable meeting at the expected version, then the minutes and their change record (nothing
/// when they are unchanged), in the caller's transaction.
/// </summary>
public static class MinutesUpdate
{
    private static readonly UpdateMinutesValidator Shape = new();

    public static async Task<MeetingAggregate> ReplaceAsync(
        DbSession session, MeetingRow meeting, UpdateMinutesRequest request, IfMatch expectedVersion, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        MeetingLifecycle.EnsureWritable(meeting.StateValue);
        Preconditions.EnsureCurrent(expectedVersion, meeting.Version);
        if (meeting.Minutes == request.Minutes)
        {
            return await MeetingRules.ReloadAsync(session, meeting);
        }

        if (await session.ExecuteAsync(UpdateMinutesEndpoint.Sql.SetMinutes, new { meeting.Id, request.Minutes, UpdatedAt = now, ExpectedVersion = meeting.Version }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        // The text itself can be long; the feed tells that it changed and how long it is now.
        await MeetingRules.RecordChangeAsync(session, meeting, "minutes-updated", actor, now, new { length = request.Minutes?.Length ?? 0 });
        return await MeetingRules.ReloadAsync(session, meeting);
    }
}
