using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Ledger;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Casts a vote for one seat, once: a <c>member</c> credential votes for its own seat, a <c>coordinator</c> credential
/// (the Kreis office) for the district member's seat only, recorded as the coordinator acting for the district (the
/// change record's actor is the coordinator's credential, its details say <c>actingFor: district</c>). A second vote is 409
/// <c>already-voted</c>; a closed or cancelled circulation, or one past its deadline, is 409 <c>circulation-closed</c>
/// (a vote after the deadline first closes the circulation under <c>system:circulation-deadline</c>). The last seat's
/// vote closes the circulation.
/// </summary>
public sealed record VoteInCirculationRequest : IHasExample<VoteInCirculationRequest>
{
    public const string Route = "/api/v1/regions/{slug}/circulations/{id}/votes";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public VoteChoice? Vote { get; set; }

    /// <summary>
    /// The seat voted for; optional, and when given it must be the caller's own seat (another seat is 403): a member's
    /// AGS, or for a coordinator the district member's AGS (the Kreis key and <c>000</c>).
    /// </summary>
    public string? Ags { get; set; }

    public static VoteInCirculationRequest Example => new()
    {
        Vote = VoteChoice.Yes,
        Ags = "05570004",
    };

    public static string BuildRoute(string slug, Guid id) => $"{GetCirculationRequest.BuildRoute(slug, id)}/votes";
}

public sealed class VoteInCirculationValidator : Validator<VoteInCirculationRequest>
{
    public VoteInCirculationValidator() => RuleFor(r => r.Vote).NotNull();
}

public sealed class VoteInCirculationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<VoteInCirculationRequest, CirculationResponse>
{
    public override void Configure()
    {
        Post(VoteInCirculationRequest.Route);
        Roles(RoleNames.Member, RoleNames.Coordinator);
        Description(
            b => b.WithName("voteInCirculation").WithSummary("Cast the vote of the caller's seat in a circulation").WithTags("Circulations")
                .JsonBody<VoteInCirculationRequest>()
                .Returns<CirculationResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(VoteInCirculationRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        RegionRow region;
        await using (var session = await db.OpenAsync(ct))
        {
            region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        }

        var regionId = region.Id;
        var seat = SeatOf(caller, region);
        if (request.Ags is not null && request.Ags != seat)
        {
            throw ApiProblemException.Forbidden(caller.IsCoordinator
                ? $"A coordinator votes only for the district's seat ({seat}), not for {request.Ags}."
                : $"A member votes only for its own seat ({seat}), not for {request.Ags}.");
        }

        await CirculationClosing.CloseIfDueAsync(db, regionId, request.Id, caller.Actor, clock.Now(), ct);
        var now = clock.Now();
        var actingFor = caller.IsCoordinator ? "district" : null;
        await db.InTransactionAsync(session => CirculationVoting.CastAsync(session, regionId, request, seat, caller.Actor, now, actingFor), ct);

        // The last seat's vote makes the circulation due; close it now so that the voter sees the outcome.
        await CirculationClosing.CloseIfDueAsync(db, regionId, request.Id, caller.Actor, clock.Now(), ct);
        await using var read = await db.OpenAsync(ct);
        var response = (await CirculationsSql.LoadAsync(read, regionId, request.Id))!.ToResponse(clock.Now());
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    /// <summary>The one seat a credential votes for: a member's own AGS; the Kreis office's the district member's.</summary>
    private static string SeatOf(Caller caller, RegionRow region) =>
        caller.IsCoordinator
            ? Ags.DistrictAgs(region.KreisKey)
            : caller.Ags ?? throw ApiProblemException.Forbidden("Only a member's credentials vote, each for its own seat.");
}

/// <summary>
/// The use case behind <c>voteInCirculation</c>, for every caller that casts circulation votes (the endpoint and the
/// demo seed): the body's shape, an open circulation before its deadline, the seat's one vote, the circulation's new
/// version and the change record, in the caller's transaction. Closing a due circulation is the caller's next step
/// (<see cref="CirculationClosing"/>), in a transaction of its own.
/// </summary>
public static class CirculationVoting
{
    private static readonly VoteInCirculationValidator Shape = new();

    /// <param name="seat">The AGS voted for, as the caller's rights allow it (the endpoint: the member's own, or the district's for its coordinator).</param>
    /// <param name="actingFor"><c>district</c> when the coordinator votes the district seat on its behalf; null when the seat's member votes itself.</param>
    public static async Task CastAsync(DbSession session, Guid regionId, VoteInCirculationRequest request, string seat, string actor, DateTimeOffset now, string? actingFor = null)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        var circulation = await CirculationsSql.LoadAsync(session, regionId, request.Id)
            ?? throw ApiProblemException.NotFound($"There is no circulation {request.Id} in region '{request.Slug}'.");
        if (!circulation.Row.IsOpen)
        {
            throw CirculationClosing.NotOpen(circulation.Row);
        }

        if (circulation.Row.Deadline <= now)
        {
            throw CirculationClosing.Closed("The circulation's deadline has passed; it takes no more votes.");
        }

        var own = circulation.Seats.FirstOrDefault(s => s.Ags == seat)
            ?? throw ApiProblemException.Forbidden($"Member {seat} has no seat in this circulation (it was not an active member when it opened).");
        if (own.Vote is not null
            || await session.ExecuteAsync(CirculationsSql.CastVote, new { CirculationId = circulation.Row.Id, Ags = seat, Vote = EnumText.ToText(request.Vote!.Value), VotedAt = now }) == 0)
        {
            throw ApiProblemException.Conflict(CirculationClosing.AlreadyVotedType, "Already voted", $"Seat {seat} has already voted in this circulation; a vote cannot change.");
        }

        if (await session.ExecuteAsync(CirculationsSql.Touch, new { circulation.Row.Id, UpdatedAt = now, ExpectedVersion = circulation.Row.Version }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        await DecisionLedger.AppendCirculationVoteAsync(session, regionId, circulation.Row.Id, seat, now);
        await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, CirculationClosing.EntityType, circulation.Row.Id.ToString("D"), "voted", actor, now,
            actingFor is null
                ? new { ags = seat, vote = EnumText.ToText(request.Vote!.Value) }
                : (object)new { ags = seat, vote = EnumText.ToText(request.Vote!.Value), actingFor }));
    }
}
