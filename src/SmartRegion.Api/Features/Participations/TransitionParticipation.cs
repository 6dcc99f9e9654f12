using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>
/// Moves a participation along <c>interested → pending_council → committed</c>, to <c>withdrawn</c> from any of them,
/// or from <c>withdrawn</c> back to <c>interested</c> (the member itself, or the region's coordinator). <c>committed</c>
/// needs the council resolution (400 without one, or with a date in the future), an active member and a project
/// that is not completed or discontinued (409); every other target takes no resolution. A withdrawal keeps the
/// resolution for the record; becoming interested again clears it, and a former lead cannot come back while another
/// member leads (409 <c>lead-taken</c>). Every move is kept in the participation's history.
/// </summary>
public sealed record TransitionParticipationRequest : IHasExample<TransitionParticipationRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{projectId}/participations/{ags}/transitions";

    public string Slug { get; set; } = string.Empty;

    public Guid ProjectId { get; set; }

    /// <summary>The member's AGS; a member caller may only name its own.</summary>
    public string Ags { get; set; } = string.Empty;

    // Nullable so that a missing target is a validation error rather than silently the first enum value.
    /// <summary>The state to move to.</summary>
    public ParticipationState? To { get; set; }

    /// <summary>Why; kept in the participation's history. At most 2000 characters.</summary>
    public string? Reason { get; set; }

    /// <summary>Required when <c>to</c> is <c>committed</c>, and only then.</summary>
    public CouncilResolutionInput? CouncilResolution { get; set; }

    public static TransitionParticipationRequest Example => new()
    {
        To = ParticipationState.Committed,
        Reason = "Der Rat hat der Teilnahme und dem Eigenanteil zugestimmt.",
        CouncilResolution = CouncilResolutionInput.Example,
    };

    public static string BuildRoute(string slug, Guid projectId, string ags) => $"{GetParticipationRequest.BuildRoute(slug, projectId, ags)}/transitions";
}

public sealed class TransitionParticipationValidator : Validator<TransitionParticipationRequest>
{
    public TransitionParticipationValidator()
    {
        RuleFor(r => r.To).NotNull();
        RuleFor(r => r.Reason).MaximumLength(ParticipationRules.ReasonMaxLength);
        RuleFor(r => r.CouncilResolution)
            .NotNull().When(r => r.To == ParticipationState.Committed)
            .WithMessage("Committing needs the council resolution that authorises it (body, date, reference).", "Eine verbindliche Zusage braucht den Ratsbeschluss, der sie erlaubt (Gremium, Datum, Aktenzeichen).");
        RuleFor(r => r.CouncilResolution)
            .Null().When(r => r.To is not null and not ParticipationState.Committed)
            .WithMessage("A council resolution is recorded only when committing.", "Ein Ratsbeschluss wird nur bei der verbindlichen Zusage erfasst.");
        RuleFor(r => r.CouncilResolution!).SetValidator(new CouncilResolutionRules());
    }
}

public sealed class TransitionParticipationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<TransitionParticipationRequest, ParticipationResponse>
{
    public override void Configure()
    {
        Post(TransitionParticipationRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("transitionParticipation").WithSummary("Move a participation to another state (commit with a council resolution)").WithTags("Participations")
                .JsonBody<TransitionParticipationRequest>()
                .Returns<ParticipationResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(TransitionParticipationRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var moved = await db.InTransactionAsync(
            async session =>
            {
                var (region, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.ProjectId, caller);
                ParticipationRules.EnsureCanManage(caller, request.Ags);
                var outcome = await ParticipationTransition.MoveAsync(session, region, whole.Project, request, expectedVersion, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Participation!;
            },
            ct);

        var response = ParticipationResponse.From(moved);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>
/// The use case behind <c>transitionParticipation</c>, for every caller that moves participations (the endpoint and
/// the demo seed): the body's shape, a council resolution not dated in the future, the member, the participation at
/// the expected version, the lifecycle and the one lead, then the move with its history entry and change record.
/// </summary>
public static class ParticipationTransition
{
    private static readonly TransitionParticipationValidator Shape = new();

    /// <summary>What moving gave: the participation as stored, or the field errors that refused it.</summary>
    public sealed record Outcome(ParticipationRow? Participation, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> MoveAsync(
        DbSession session, RegionRow region, ProjectRow project, TransitionParticipationRequest request, IfMatch expectedVersion, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        // German time: councils date their resolutions by the local calendar (see ParticipationRules.CouncilToday).
        if (request.CouncilResolution?.Date is { } date && date > ParticipationRules.CouncilToday(now))
        {
            return new Outcome(null, [new ValidationFailure("CouncilResolution.Date", "The council resolution's date must not be in the future.")]);
        }

        var to = request.To!.Value;
        var member = await session.QuerySingleOrDefaultAsync<MemberRow>(MembersSql.GetByAgs, new { RegionId = region.Id, request.Ags })
            ?? throw ApiProblemException.NotFound($"There is no member {request.Ags} in region '{region.Slug}'.");
        var current = await session.QuerySingleOrDefaultAsync<ParticipationRow>(ParticipationsSql.Get, new { ProjectId = project.Id, request.Ags })
            ?? throw ApiProblemException.NotFound($"Member {request.Ags} has no participation in project {request.ProjectId:D}.");
        Preconditions.EnsureCurrent(expectedVersion, current.Version);
        ParticipationLifecycle.EnsureTransition(current.StateValue, to, project.StatusValue, member.IsActive);
        if (to == ParticipationState.Interested && current.RoleValue == ParticipationRole.Lead)
        {
            await ParticipationRules.EnsureLeadIsFreeAsync(session, current.ProjectId, current.Ags);
        }

        return new Outcome(await WriteAsync(session, current, to, request, actor, now), []);
    }

    private static async Task<ParticipationRow> WriteAsync(
        DbSession session, ParticipationRow current, ParticipationState to, TransitionParticipationRequest request, string actor, DateTimeOffset now)
    {
        var resolution = request.CouncilResolution;
        var row = to switch
        {
            ParticipationState.Committed => current with
            {
                ResolutionBody = resolution!.Body,
                ResolutionDate = resolution.Date,
                ResolutionReference = resolution.Reference,
                ResolutionUrl = resolution.Url,
            },
            // A new round of interest starts without the old resolution; a withdrawal keeps it as the record of what was decided.
            ParticipationState.Interested => current with
            {
                ResolutionBody = null,
                ResolutionDate = null,
                ResolutionReference = null,
                ResolutionUrl = null,
            },
            _ => current,
        };
        row = row with { State = EnumText.ToText(to), Version = current.Version + 1, UpdatedAt = now };

        int changed;
        try
        {
            changed = await session.ExecuteAsync(ParticipationsSql.SetState, new
            {
                row.Id,
                row.State,
                row.ResolutionBody,
                row.ResolutionDate,
                row.ResolutionReference,
                row.ResolutionUrl,
                row.UpdatedAt,
                ExpectedVersion = current.Version,
            });
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // A lead coming back from withdrawal lost a race to another member taking the lead.
            throw ParticipationRules.LeadTaken();
        }

        if (changed == 0)
        {
            throw Preconditions.StaleVersion();
        }

        await ParticipationHistoryLog.RecordAsync(session, row,
            new ParticipationHistoryEntry(row.Id, ParticipationHistoryKinds.Transition, actor, now, current.State, row.State, Reason: request.Reason),
            new { from = current.State, to = row.State, councilResolution = to == ParticipationState.Committed ? row.Resolution : null },
            row.Version);
        return row;
    }
}
