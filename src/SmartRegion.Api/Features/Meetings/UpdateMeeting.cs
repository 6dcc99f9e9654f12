using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Replaces a planned meeting's number, title, times, location, online link and invitation date (the region's
/// coordinator). Once held, closed or cancelled it is 409: the state changes only through transitions.
/// </summary>
public sealed record UpdateMeetingRequest : IMeetingFields, IHasExample<UpdateMeetingRequest>
{
    public const string Route = GetMeetingRequest.Route;

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Unique in the region, at most 30 characters, e.g. <c>LK 2025/1</c>.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>Not before <c>startsAt</c>.</summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>At most 300 characters; null or omitted clears it.</summary>
    public string? Location { get; set; }

    /// <summary>Absolute http(s) link, at most 500 characters; null or omitted clears it.</summary>
    public string? OnlineLink { get; set; }

    /// <summary>Null or omitted clears it.</summary>
    public DateOnly? InvitationDate { get; set; }

    public static UpdateMeetingRequest Example => new()
    {
        Number = "LK 2026/2",
        Title = "Sitzung des Lenkungskreises",
        StartsAt = new DateTimeOffset(2026, 12, 10, 15, 0, 0, TimeSpan.FromHours(1)),
        EndsAt = new DateTimeOffset(2026, 12, 10, 17, 0, 0, TimeSpan.FromHours(1)),
        Location = "Rathaus Ahlen, Ratssaal",
        OnlineLink = "https://www.kreis-warendorf.de/lenkungskreis/online",
        InvitationDate = new DateOnly(2026, 11, 26),
    };

    public static string BuildRoute(string slug, Guid id) => GetMeetingRequest.BuildRoute(slug, id);
}

public sealed class UpdateMeetingValidator : Validator<UpdateMeetingRequest>
{
    public UpdateMeetingValidator()
    {
        Include(new MeetingFieldsRules());
    }
}

public sealed class UpdateMeetingEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateMeetingRequest, MeetingResponse>
{
    public override void Configure()
    {
        Put(UpdateMeetingRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("updateMeeting").WithSummary("Replace a planned meeting's details").WithTags("Meetings")
                .JsonBody<UpdateMeetingRequest>()
                .Returns<MeetingResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateMeetingRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (region, meeting) = await MeetingRules.RequireRowAsync(session, request.Slug, request.Id, caller);
                MeetingLifecycle.EnsurePlanned(meeting.StateValue);
                Preconditions.EnsureCurrent(expectedVersion, meeting.Version);
                // An unchanged number keeps its stored key: migration 0007 may have set it apart from a colliding one.
                if (!string.Equals(request.Number, meeting.Number, StringComparison.Ordinal))
                {
                    await MeetingRules.EnsureNumberIsFreeAsync(session, region.Id, request.Number, meeting.Id);
                }

                var row = meeting with
                {
                    Number = request.Number,
                    Title = request.Title,
                    StartsAt = MeetingRules.Normalize(request.StartsAt!.Value),
                    EndsAt = MeetingRules.Normalize(request.EndsAt!.Value),
                    Location = request.Location,
                    OnlineLink = request.OnlineLink,
                    InvitationDate = request.InvitationDate,
                    UpdatedAt = now,
                };
                var changed = ChangedFields(meeting, row);
                // Replacing with identical content is a no-op: no new version, no change entry.
                if (changed.Length == 0)
                {
                    return await MeetingRules.ReloadAsync(session, meeting);
                }

                int rows;
                try
                {
                    rows = await session.ExecuteAsync(Sql.Update, new
                    {
                        row.Id, row.Number, row.NumberKey, row.Title, row.StartsAt, row.EndsAt, row.Location, row.OnlineLink, row.InvitationDate, row.UpdatedAt,
                        ExpectedVersion = meeting.Version,
                    });
                }
                catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
                {
                    throw MeetingRules.DuplicateNumber(request.Number);
                }

                if (rows == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await MeetingRules.RecordChangeAsync(session, row, "updated", caller.Actor, now, new { changed });
                return await MeetingRules.ReloadAsync(session, row);
            },
            ct);

        var response = MeetingResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    private static string[] ChangedFields(MeetingRow before, MeetingRow after) =>
        new[]
        {
            ("number", before.Number != after.Number),
            ("title", before.Title != after.Title),
            ("startsAt", before.StartsAt != after.StartsAt),
            ("endsAt", before.EndsAt != after.EndsAt),
            ("location", before.Location != after.Location),
            ("onlineLink", before.OnlineLink != after.OnlineLink),
            ("invitationDate", before.InvitationDate != after.InvitationDate),
        }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE Meetings
            SET Number = @Number, NumberKey = CASE WHEN Number = @Number THEN NumberKey ELSE @NumberKey END, Title = @Title, StartsAt = @StartsAt, EndsAt = @EndsAt, Location = @Location, OnlineLink = @OnlineLink,
                InvitationDate = @InvitationDate, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
