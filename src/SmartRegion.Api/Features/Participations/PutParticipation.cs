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
/// Creates or replaces a member's participation in a project of its region: the member itself, or the region's
/// coordinator for any member (for example from a meeting). A new participation starts <c>interested</c> (201, no
/// If-Match needed; an If-Match is 412 because nothing exists to match); an existing one needs its current ETag in
/// If-Match (428/412). The state never changes here, only through transitions. A project takes at most one lead
/// (409 <c>lead-taken</c>), and a completed or discontinued project takes no new participations (409).
/// </summary>
public sealed record PutParticipationRequest : IHasExample<PutParticipationRequest>
{
    public const string Route = GetParticipationRequest.Route;

    public string Slug { get; set; } = string.Empty;

    public Guid ProjectId { get; set; }

    /// <summary>The member's AGS; a member caller may only name its own.</summary>
    public string Ags { get; set; } = string.Empty;

    // Nullable so that a missing role is a validation error rather than silently the first enum value.
    /// <summary>
    /// <c>lead</c> (federführend; at most one lead per project among the participations that are not withdrawn),
    /// <c>partner</c> or <c>observer</c>.
    /// </summary>
    public ParticipationRole? Role { get; set; }

    /// <summary>The member's contact person for this project; null or omitted removes it.</summary>
    public ParticipationContactInput? Contact { get; set; }

    /// <summary>Staff contribution in full-time equivalents: 0–1000, at most 2 decimals.</summary>
    [Fte]
    public decimal? StaffFte { get; set; }

    /// <summary>
    /// The member's share of the project's own cost in percent (0–100, at most 2 decimals). Only when the project's
    /// cost sharing key is <c>custom</c>, and never for an observer (which carries no cost share).
    /// </summary>
    [Percent]
    public decimal? CustomPercent { get; set; }

    /// <summary>Free note, at most 2000 characters.</summary>
    public string? Note { get; set; }

    public static PutParticipationRequest Example => new()
    {
        Role = ParticipationRole.Partner,
        Contact = ParticipationContactInput.Example,
        StaffFte = 0.50m,
        Note = "Teilnahme vorbehaltlich der Mittel im Haushalt 2026.",
    };

    public static string BuildRoute(string slug, Guid projectId, string ags) => GetParticipationRequest.BuildRoute(slug, projectId, ags);
}

public sealed class PutParticipationValidator : Validator<PutParticipationRequest>
{
    public PutParticipationValidator()
    {
        RuleFor(r => r.Role).NotNull();
        RuleFor(r => r.Contact!).SetValidator(new ParticipationContactRules());
        RuleFor(r => r.StaffFte)
            .InclusiveBetween(0m, ParticipationRules.StaffFteMax).WithMessage("The staff contribution is 0 to 1000 full-time equivalents.", "Der Personaleinsatz beträgt 0 bis 1000 Vollzeitäquivalente.")
            .PrecisionScale(6, 2, ignoreTrailingZeros: true).WithMessage("The staff contribution has at most 2 decimals.", "Der Personaleinsatz hat höchstens 2 Nachkommastellen.");
        RuleFor(r => r.CustomPercent).IsPercentage();
        RuleFor(r => r.CustomPercent)
            .Null().When(r => r.Role == ParticipationRole.Observer).WithMessage("An observer carries no cost share, so it has no percentage.", "Ein Beobachter trägt keinen Kostenanteil und hat daher keinen Prozentsatz.");
        RuleFor(r => r.Note).MaximumLength(ParticipationRules.NoteMaxLength);
    }
}

public sealed class PutParticipationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<PutParticipationRequest, ParticipationResponse>
{
    public override void Configure()
    {
        Put(PutParticipationRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("putParticipation").WithSummary("Create or replace a member's participation in a project").WithTags("Participations")
                .JsonBody<PutParticipationRequest>()
                .Returns<ParticipationResponse>()
                .ReturnsCreated<ParticipationResponse>()
                .Problems(409)
                .OptionalIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(PutParticipationRequest request, CancellationToken ct)
    {
        // If-Match is optional here: without one the PUT may only create; with one it may only replace that version.
        IfMatch? expectedVersion = string.IsNullOrWhiteSpace(HttpContext.Request.Headers.IfMatch.ToString())
            ? null
            : Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var (stored, created) = await db.InTransactionAsync(
            async session =>
            {
                var (region, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.ProjectId, caller);
                ParticipationRules.EnsureCanManage(caller, request.Ags);
                var outcome = await ParticipationUpsert.PutAsync(session, region, whole.Project, request, expectedVersion, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return (outcome.Participation!, outcome.Created);
            },
            ct);

        var response = ParticipationResponse.From(stored);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (created)
        {
            HttpContext.Response.Headers.Location = GetParticipationRequest.BuildRoute(request.Slug, request.ProjectId, request.Ags);
            await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }

    /// <summary>The answer to a unique violation while writing a participation.</summary>
    internal static Exception RefusalFor(Exception uniqueViolation) => DbErrors.IsUniqueViolationOf(uniqueViolation, ParticipationsSql.OneLeadIndex)
        ? ParticipationRules.LeadTaken()
        : ApiProblemException.Conflict(ProblemTypes.Conflict, "Participation changed concurrently",
            "Another request wrote this member's participation at the same time; read it and retry with its ETag in If-Match.");
}

/// <summary>
/// The use case behind <c>putParticipation</c>, for every caller that writes participations (the endpoint and the
/// demo seed): the body's shape, the member, the cost key, then a new <c>interested</c> participation or the
/// replaced one, with its history entry and change record, in the caller's transaction. It never changes the state.
/// </summary>
public static class ParticipationUpsert
{
    private static readonly PutParticipationValidator Shape = new();

    /// <summary>What putting gave: the participation as stored and whether it is new, or the field errors that refused it.</summary>
    public sealed record Outcome(ParticipationRow? Participation, bool Created, IReadOnlyList<ValidationFailure> Failures);

    /// <param name="expectedVersion">The If-Match: none creates only, one replaces only that version.</param>
    /// <param name="reason">Kept in the history entry of a new participation.</param>
    public static async Task<Outcome> PutAsync(
        DbSession session, RegionRow region, ProjectRow project, PutParticipationRequest request, IfMatch? expectedVersion, string actor, DateTimeOffset now,
        string? reason = null)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, false, failures);
        }

        var role = request.Role!.Value;
        _ = await session.QuerySingleOrDefaultAsync<MemberRow>(MembersSql.GetByAgs, new { RegionId = region.Id, request.Ags })
            ?? throw ApiProblemException.NotFound($"There is no member {request.Ags} in region '{region.Slug}'.");
        if (request.CustomPercent is not null && EnumText.Parse<CostSharingKey>(project.CostSharingKey) != CostSharingKey.Custom)
        {
            return new Outcome(null, false, [new ValidationFailure(nameof(PutParticipationRequest.CustomPercent),
                $"The project shares its cost by the key '{project.CostSharingKey}'; a percentage is only taken when the key is 'custom'.")]);
        }

        var current = await session.QuerySingleOrDefaultAsync<ParticipationRow>(
            ParticipationsSql.GetForWrite, new { ProjectId = project.Id, request.Ags });
        return current is null
            ? new Outcome(await CreateAsync(session, project, request, role, expectedVersion, actor, now, reason), true, [])
            : new Outcome(await ReplaceAsync(session, current, request, role, expectedVersion, actor, now), false, []);
    }

    private static async Task<ParticipationRow> CreateAsync(
        DbSession session, ProjectRow project, PutParticipationRequest request, ParticipationRole role, IfMatch? expectedVersion, string actor, DateTimeOffset now, string? reason)
    {
        if (expectedVersion is not null)
        {
            throw Preconditions.StaleVersion();
        }

        if (ProjectLifecycle.IsTerminal(project.StatusValue))
        {
            throw new DomainRuleException(ParticipationLifecycle.ProjectClosedType, "Project takes no participations",
                $"The project is {project.Status}; it takes no new participations.");
        }

        if (role == ParticipationRole.Lead)
        {
            await ParticipationRules.EnsureLeadIsFreeAsync(session, project.Id, request.Ags);
        }

        var row = new ParticipationRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = project.RegionId,
            ProjectId = project.Id,
            Ags = request.Ags,
            Role = EnumText.ToText(role),
            State = EnumText.ToText(ParticipationState.Interested),
            ContactName = request.Contact?.Name,
            ContactEmail = request.Contact?.Email,
            StaffFte = request.StaffFte,
            CustomPercent = request.CustomPercent,
            Note = request.Note,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await WriteAsync(session, ParticipationsSql.Insert, row);
        await ParticipationHistoryLog.RecordAsync(session, row,
            new ParticipationHistoryEntry(row.Id, ParticipationHistoryKinds.Created, actor, now, ToState: row.State, Reason: reason),
            new { role = row.Role, state = row.State },
            row.Version);
        return await ReadBackAsync(session, row);
    }

    private static async Task<ParticipationRow> ReplaceAsync(
        DbSession session, ParticipationRow current, PutParticipationRequest request, ParticipationRole role, IfMatch? expectedVersion, string actor, DateTimeOffset now)
    {
        if (expectedVersion is not { } expected)
        {
            // Reuse the standard 428 answer: the participation exists, so replacing it needs its ETag.
            throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "If-Match required",
                "The participation exists; send its current ETag in If-Match to replace it.");
        }

        Preconditions.EnsureCurrent(expected, current.Version);
        if (role == ParticipationRole.Lead && current.StateValue != ParticipationState.Withdrawn)
        {
            await ParticipationRules.EnsureLeadIsFreeAsync(session, current.ProjectId, current.Ags);
        }

        var row = current with
        {
            Role = EnumText.ToText(role),
            ContactName = request.Contact?.Name,
            ContactEmail = request.Contact?.Email,
            StaffFte = request.StaffFte,
            CustomPercent = request.CustomPercent,
            Note = request.Note,
            UpdatedAt = now,
        };
        var changed = ChangedFields(current, row);
        // Replacing with identical content is a no-op: no new version, no history entry to wade through.
        if (changed.Length == 0)
        {
            return current;
        }

        await WriteAsync(session, ParticipationsSql.Update, new
        {
            row.Id,
            row.Role,
            row.ContactName,
            row.ContactEmail,
            row.StaffFte,
            row.CustomPercent,
            row.Note,
            row.UpdatedAt,
            ExpectedVersion = current.Version,
        });
        await ParticipationHistoryLog.RecordAsync(session, row,
            new ParticipationHistoryEntry(row.Id, ParticipationHistoryKinds.Updated, actor, now, FromState: row.State, ToState: row.State, ChangedFields: changed),
            new { changed },
            current.Version + 1);
        return await ReadBackAsync(session, row);
    }

    /// <summary>
    /// Runs the insert or update; 0 rows is a concurrent change (412). A unique violation is <c>lead-taken</c> only
    /// when the one-lead index refused it; anything else (e.g. the same member's participation created by a
    /// concurrent request, which the read before the insert did not see under READ COMMITTED) is a plain 409.
    /// </summary>
    private static async Task WriteAsync(DbSession session, SqlStatement statement, object args)
    {
        int rows;
        try
        {
            rows = await session.ExecuteAsync(statement, args);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw PutParticipationEndpoint.RefusalFor(ex);
        }

        if (rows == 0)
        {
            throw Preconditions.StaleVersion();
        }
    }

    // Read back rather than echo the request, so the response shows the values exactly as every later read will.
    private static async Task<ParticipationRow> ReadBackAsync(DbSession session, ParticipationRow row) =>
        await session.QuerySingleOrDefaultAsync<ParticipationRow>(ParticipationsSql.Get, new { row.ProjectId, row.Ags })
            ?? throw new InvalidOperationException("A participation vanished inside the transaction that wrote it.");

    /// <summary>The JSON names of the fields that differ, for the history and the change feed.</summary>
    private static string[] ChangedFields(ParticipationRow before, ParticipationRow after) =>
        new[]
        {
            ("role", before.Role != after.Role),
            ("contact.name", before.ContactName != after.ContactName),
            ("contact.email", before.ContactEmail != after.ContactEmail),
            ("staffFte", before.StaffFte != after.StaffFte),
            ("customPercent", before.CustomPercent != after.CustomPercent),
            ("note", before.Note != after.Note),
        }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();
}
