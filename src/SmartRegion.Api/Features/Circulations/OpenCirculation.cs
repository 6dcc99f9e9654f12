using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Opens a circulation (Umlaufverfahren) among the region's active members (the region's coordinator): the same
/// fields as a decision, plus the deadline by which the members vote.
/// </summary>
public sealed record OpenCirculationRequest : IDecisionFields, IHasExample<OpenCirculationRequest>
{
    public const string Route = "/api/v1/regions/{slug}/circulations";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The reference the decision will carry; unique in the region, at most 50 characters.</summary>
    public string Reference { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The wording of the proposal, at most 20000 characters.</summary>
    public string Text { get; set; } = string.Empty;

    public DecisionType? Type { get; set; }

    /// <summary>The project of the region a project type changes; must be absent for other types.</summary>
    public Guid? ProjectId { get; set; }

    /// <summary>A decision of the region that this one corrects.</summary>
    public Guid? Supersedes { get; set; }

    /// <summary>When voting ends (ISO 8601, in the future).</summary>
    public DateTimeOffset? Deadline { get; set; }

    public static OpenCirculationRequest Example => new()
    {
        Reference = "LK-UV-2026/2",
        Title = "Umsetzung: Digitale Bürgerdienste",
        Text = "Der Lenkungskreis beschließt im Umlaufverfahren die Umsetzung des Leitprojekts LP-07 „Beispiel: Digitale Bürgerdienste“.",
        Type = DecisionType.AdoptProject,
        ProjectId = new Guid("01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f"),
        Deadline = new DateTimeOffset(2026, 12, 18, 12, 0, 0, TimeSpan.FromHours(1)),
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/circulations";
}

public sealed class OpenCirculationValidator : Validator<OpenCirculationRequest>
{
    public OpenCirculationValidator()
    {
        Include(new DecisionFieldsRules());
        RuleFor(r => r.Deadline).NotNull();
    }
}

public sealed class OpenCirculationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<OpenCirculationRequest, CirculationResponse>
{
    public override void Configure()
    {
        Post(OpenCirculationRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("openCirculation").WithSummary("Open a circulation (Umlaufverfahren) among the members").WithTags("Circulations")
                .JsonBody<OpenCirculationRequest>()
                .ReturnsCreated<CirculationResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(OpenCirculationRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var opened = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await CirculationOpening.OpenAsync(session, region, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Circulation!;
            },
            ct);

        var response = opened.ToResponse(now);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetCirculationRequest.BuildRoute(request.Slug, response.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>openCirculation</c>, for every caller that opens circulations (the endpoint and the demo
/// seed): the body's shape, a deadline in the future, the decision's references and a free reference; then the
/// circulation, its reference (refused with 409 when a decision or another open circulation of the region holds it),
/// one seat per active member and the change record, in the caller's transaction.
/// </summary>
public static class CirculationOpening
{
    private static readonly OpenCirculationValidator Shape = new();

    /// <summary>What opening gave: the circulation, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(CirculationAggregate? Circulation, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> OpenAsync(DbSession session, RegionRow region, OpenCirculationRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        if (request.Deadline <= now)
        {
            failures.Add(new ValidationFailure(nameof(OpenCirculationRequest.Deadline), "The deadline must be in the future."));
        }

        failures.AddRange(await DecisionRecorder.CheckAsync(session, region.Id, request));
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        await DecisionRecorder.EnsureReferenceIsFreeAsync(session, region.Id, request.Reference);
        var row = new CirculationRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            Reference = request.Reference,
            Title = request.Title,
            Text = request.Text,
            Type = EnumText.ToText(request.Type!.Value),
            ProjectId = request.ProjectId,
            Supersedes = request.Supersedes,
            // Stored like every service timestamp, to whole microseconds in UTC.
            Deadline = new DateTimeOffset(request.Deadline!.Value.UtcTicks - (request.Deadline.Value.UtcTicks % 10), TimeSpan.Zero),
            State = EnumText.ToText(CirculationState.Open),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await StoreAsync(session, row, actor, now);
        return new Outcome(
            await CirculationsSql.LoadAsync(session, region.Id, row.Id) ?? throw new InvalidOperationException("The circulation just inserted is missing."),
            []);
    }

    private static async Task StoreAsync(DbSession session, CirculationRow row, string actor, DateTimeOffset now)
    {
        await session.ExecuteAsync(CirculationsSql.Insert, row);
        await DecisionRecorder.TakeReferenceAsync(session, row.RegionId, row.Reference, decisionId: null, row.Id, now);
        if (await session.ExecuteAsync(CirculationsSql.InsertSeats, new { CirculationId = row.Id, row.RegionId }) == 0)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Conflict, "No seats", "The region has no active member to vote.");
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(row.RegionId, CirculationClosing.EntityType, row.Id.ToString("D"), "opened", actor, now,
            new { reference = row.Reference, type = row.Type, projectId = row.ProjectId, deadline = row.Deadline }));
    }
}
