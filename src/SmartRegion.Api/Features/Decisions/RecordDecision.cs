using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>One seat's vote as sent with a decision.</summary>
public sealed record VoteInput : IHasExample<VoteInput>
{
    /// <summary>The seat's AGS; the seat must be recorded as present at the meeting.</summary>
    public string Ags { get; set; } = string.Empty;

    public VoteChoice? Vote { get; set; }

    public static VoteInput Example => new()
    {
        Ags = "05570004",
        Vote = VoteChoice.Yes,
    };
}

/// <summary>
/// Records a decision on an agenda item of a held meeting (the region's coordinator). The result is computed from
/// the votes and the meeting's attendance, never sent; an adopted project decision changes its project in the same
/// transaction, and a change the project's lifecycle refuses refuses the whole decision (409, nothing stored).
/// </summary>
public sealed record RecordDecisionRequest : IDecisionFields, IHasExample<RecordDecisionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{meetingId}/agenda-items/{agendaItemId}/decisions";

    public string Slug { get; set; } = string.Empty;

    public Guid MeetingId { get; set; }

    public Guid AgendaItemId { get; set; }

    /// <summary>Unique in the region, at most 50 characters, e.g. <c>LK-2025/1-3</c>.</summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The wording of the decision, at most 20000 characters.</summary>
    public string Text { get; set; } = string.Empty;

    public DecisionType? Type { get; set; }

    /// <summary>The project of the region a project type changes; must be absent for other types.</summary>
    public Guid? ProjectId { get; set; }

    /// <summary>A decision of the region that this one corrects.</summary>
    public Guid? Supersedes { get; set; }

    /// <summary>
    /// The strategy version of the region an <c>approve_strategy</c> decision approves (required for that type, absent
    /// for others). Adopted, it approves the version in the same transaction (it must be in consultation with every
    /// comment weighed, 409 otherwise, nothing stored) and supersedes the version approved before.
    /// </summary>
    public Guid? StrategyVersionId { get; set; }

    /// <summary>At most one vote per seat present at the meeting.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<VoteInput>? Votes { get; set; }

    public static RecordDecisionRequest Example => new()
    {
        Reference = "LK-2026/2-3",
        Title = "Umsetzung: Digitale Bürgerdienste",
        Text = "Der Lenkungskreis beschließt die Umsetzung des Leitprojekts LP-07 „Beispiel: Digitale Bürgerdienste“ unter Federführung der Stadt Ahlen.",
        Type = DecisionType.AdoptProject,
        ProjectId = new Guid("01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f"),
        Votes =
        [
            new() { Ags = "05570000", Vote = VoteChoice.Yes },
            VoteInput.Example,
            new() { Ags = "05570008", Vote = VoteChoice.Abstain },
        ],
    };

    public static string BuildRoute(string slug, Guid meetingId, Guid agendaItemId) =>
        $"/api/v1/regions/{Uri.EscapeDataString(slug)}/meetings/{meetingId:D}/agenda-items/{agendaItemId:D}/decisions";
}

public sealed class RecordDecisionValidator : Validator<RecordDecisionRequest>
{
    public RecordDecisionValidator()
    {
        Include(new DecisionFieldsRules());
        RuleFor(r => r.Votes).AtMostMaxItems();
        RuleFor(r => r.Votes).NotNull();
        RuleForEach(r => r.Votes).SetValidator(new VoteRules());
    }
}

/// <summary>One seat's vote; a named validator so the OpenAPI schema can list what it requires.</summary>
public sealed class VoteRules : AbstractValidator<VoteInput>
{
    public VoteRules()
    {
        RuleFor(v => v.Ags).NotEmpty();
        RuleFor(v => v.Ags).Must(Ags.IsWellFormed).When(v => !string.IsNullOrEmpty(v.Ags))
            .WithMessage("The AGS has exactly 8 digits, e.g. 05570004.", "Der AGS hat genau 8 Ziffern, z. B. 05570004.");
        RuleFor(v => v.Vote).NotNull();
    }
}

public sealed class RecordDecisionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<RecordDecisionRequest, DecisionResponse>
{
    public override void Configure()
    {
        Post(RecordDecisionRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("recordDecision").WithSummary("Record a decision on an agenda item of a held meeting").WithTags("Decisions")
                .JsonBody<RecordDecisionRequest>()
                .ReturnsCreated<DecisionResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RecordDecisionRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var decision = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await DecisionRecording.RecordAsync(session, region, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Decision!;
            },
            ct);

        HttpContext.Response.Headers.ETag = decision.ETag();
        HttpContext.Response.Headers.Location = GetDecisionRequest.BuildRoute(request.Slug, decision.Id);
        await Send.ResponseAsync(decision, StatusCodes.Status201Created, ct);
    }

    internal static class Sql
    {
        // Holds the meeting until the decision commits, so that it cannot be closed halfway through (SQL Server;
        // SQLite's write transactions are serial anyway).
        public static readonly SqlStatement LockMeeting = SqlStatement.PerDialect(
            sqlite: "SELECT State FROM Meetings WHERE Id = @MeetingId AND RegionId = @RegionId",
            sqlServer: "SELECT State FROM Meetings WITH (UPDLOCK, HOLDLOCK) WHERE Id = @MeetingId AND RegionId = @RegionId");

        public static readonly SqlStatement CountAgendaItem = SqlStatement.Shared(
            "SELECT COUNT(*) FROM AgendaItems WHERE Id = @AgendaItemId AND MeetingId = @MeetingId");

        public static readonly SqlStatement Attendance = SqlStatement.Shared(
            "SELECT Ags, Status FROM Attendance WHERE MeetingId = @MeetingId");
    }
}

/// <summary>
/// The use case behind <c>recordDecision</c>, for every caller that records meeting decisions (the endpoint and the
/// demo seed): the body's shape, a held meeting of the region (held until the decision commits) and its agenda item,
/// votes of present seats only, the decision's references; then <see cref="DecisionRecorder"/> stores the decision,
/// its votes and its effect on the project, in the caller's transaction.
/// </summary>
public static class DecisionRecording
{
    private static readonly RecordDecisionValidator Shape = new();

    /// <summary>What recording gave: the decision, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(DecisionResponse? Decision, IReadOnlyList<ValidationFailure> Failures);

    /// <param name="decidedAt">When the meeting decided; the endpoint records now, a seed or import the time it tells.</param>
    public static async Task<Outcome> RecordAsync(
        DbSession session, RegionRow region, RecordDecisionRequest request, string actor, DateTimeOffset now, DateTimeOffset? decidedAt = null)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        List<ValidationFailure> failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var state = await session.QuerySingleOrDefaultAsync<string>(RecordDecisionEndpoint.Sql.LockMeeting, new { request.MeetingId, RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"There is no meeting {request.MeetingId} in region '{region.Slug}'.");
        if (await session.ExecuteScalarAsync<int>(RecordDecisionEndpoint.Sql.CountAgendaItem, new { request.AgendaItemId, request.MeetingId }) == 0)
        {
            throw ApiProblemException.NotFound($"The meeting has no agenda item {request.AgendaItemId}.");
        }

        MeetingLifecycle.EnsureHeld(EnumText.Parse<MeetingState>(state));
        var attendance = (await session.QueryAsync<AttendanceRow>(RecordDecisionEndpoint.Sql.Attendance, new { request.MeetingId })).ToList();
        var present = attendance.Where(seat => seat.Status == EnumText.ToText(AttendanceStatus.Present)).Select(seat => seat.Ags).ToHashSet(StringComparer.Ordinal);
        failures = [.. CheckVotes(request.Votes!, present), .. await DecisionRecorder.CheckAsync(session, region.Id, request)];
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var draft = new DecisionDraft(
            request.Reference, request.Title, request.Text, request.Type!.Value, request.ProjectId, request.Supersedes,
            request.MeetingId, request.AgendaItemId, CirculationId: null, attendance.Count, present.Count,
            request.Votes!.Select(vote => (vote.Ags, vote.Vote!.Value)).ToList(), decidedAt ?? now, request.StrategyVersionId);
        return new Outcome(await DecisionRecorder.RecordAsync(session, region.Id, draft, actor, now), []);
    }

    /// <summary>Only seats recorded as present vote, each at most once.</summary>
    private static IEnumerable<ValidationFailure> CheckVotes(List<VoteInput> votes, HashSet<string> present)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vote in votes)
        {
            if (!seen.Add(vote.Ags))
            {
                yield return new ValidationFailure("votes", $"The seat {vote.Ags} votes more than once.");
            }
            else if (!present.Contains(vote.Ags))
            {
                yield return new ValidationFailure("votes", $"The seat {vote.Ags} was not present at the meeting and cannot vote.");
            }
        }
    }

    private sealed record AttendanceRow(string Ags, string? Status);
}
