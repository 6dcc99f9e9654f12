using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Plans a Lenkungskreis meeting (the region's coordinator). It starts <c>planned</c> with one seat per member
/// active right now; a member deactivated later keeps its seat in this meeting but gets none in meetings planned
/// after that.
/// </summary>
public sealed record CreateMeetingRequest : IMeetingFields, IHasExample<CreateMeetingRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Unique in the region, at most 30 characters, e.g. <c>LK 2025/1</c>.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>Not before <c>startsAt</c>.</summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>Where it takes place, at most 300 characters.</summary>
    public string? Location { get; set; }

    /// <summary>Absolute http(s) link for online attendance, at most 500 characters.</summary>
    public string? OnlineLink { get; set; }

    /// <summary>The date the invitation was sent.</summary>
    public DateOnly? InvitationDate { get; set; }

    public static CreateMeetingRequest Example => new()
    {
        Number = "LK 2026/2",
        Title = "Sitzung des Lenkungskreises",
        StartsAt = new DateTimeOffset(2026, 12, 10, 14, 0, 0, TimeSpan.FromHours(1)),
        EndsAt = new DateTimeOffset(2026, 12, 10, 16, 30, 0, TimeSpan.FromHours(1)),
        Location = "Kreishaus Warendorf, Waldenburger Straße 2, Sitzungssaal",
        OnlineLink = "https://www.kreis-warendorf.de/lenkungskreis/online",
        InvitationDate = new DateOnly(2026, 11, 26),
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/meetings";
}

public sealed class CreateMeetingValidator : Validator<CreateMeetingRequest>
{
    public CreateMeetingValidator()
    {
        Include(new MeetingFieldsRules());
    }
}

public sealed class CreateMeetingEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateMeetingRequest, MeetingResponse>
{
    public override void Configure()
    {
        Post(CreateMeetingRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("createMeeting").WithSummary("Plan a Lenkungskreis meeting").WithTags("Meetings")
                .JsonBody<CreateMeetingRequest>()
                .ReturnsCreated<MeetingResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateMeetingRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await MeetingPlanning.PlanAsync(session, region, request, caller.Actor, now);
            },
            ct);

        var response = MeetingResponse.From(created);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetMeetingRequest.BuildRoute(request.Slug, response.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>createMeeting</c>, for every caller that plans meetings (the endpoint and the demo seed):
/// the body's shape, a free number, then the planned meeting with one seat per active member and its change record.
/// </summary>
public static class MeetingPlanning
{
    private static readonly CreateMeetingValidator Shape = new();

    public static async Task<MeetingAggregate> PlanAsync(DbSession session, RegionRow region, CreateMeetingRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        await MeetingRules.EnsureNumberIsFreeAsync(session, region.Id, request.Number);
        var row = new MeetingRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            Number = request.Number,
            Title = request.Title,
            StartsAt = MeetingRules.Normalize(request.StartsAt!.Value),
            EndsAt = MeetingRules.Normalize(request.EndsAt!.Value),
            Location = request.Location,
            OnlineLink = request.OnlineLink,
            InvitationDate = request.InvitationDate,
            State = EnumText.ToText(MeetingState.Planned),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await session.ExecuteAsync(MeetingsSql.Insert, row);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw MeetingRules.DuplicateNumber(request.Number);
        }

        var seats = await session.ExecuteAsync(MeetingsSql.InsertSeats, new { row.Id, RegionId = region.Id });
        await MeetingRules.RecordChangeAsync(session, row, "created", actor, now, new { number = row.Number, seats });
        return await MeetingRules.ReloadAsync(session, row);
    }
}
