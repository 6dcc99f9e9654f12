using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Submits a consultation comment (Beteiligung) on a version in consultation: a member for itself (its own AGS), or the
/// coordinator on behalf of an external partner named in <c>onBehalfOf</c>. The comment is about the whole version
/// (<c>general</c>) or about one of its goals, values, fields of action or projects, named by <c>sectionId</c>.
/// </summary>
public sealed record SubmitStrategyCommentRequest : IHasExample<SubmitStrategyCommentRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}/comments";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The strategy version's id.</summary>
    public Guid VersionId { get; set; }

    /// <summary>What the comment is about.</summary>
    public CommentSection? Section { get; set; }

    /// <summary>The id of the goal, value, field of action or project of the version it is about; absent for <c>general</c>.</summary>
    public Guid? SectionId { get; set; }

    /// <summary>The comment; required, at most 4000 characters.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>The external partner the coordinator submits for (required from the coordinator, absent from a member); at most 200 characters.</summary>
    public string? OnBehalfOf { get; set; }

    public static SubmitStrategyCommentRequest Example => new()
    {
        Section = CommentSection.General,
        Text = "Beispiel: Wir regen an, die Hochschulen der Region als Partner für Datenkompetenz ausdrücklich zu nennen.",
        OnBehalfOf = "Beispiel: Fachhochschule Münster",
    };

    public static string BuildRoute(string slug, Guid versionId) => $"{GetStrategyVersionRequest.BuildRoute(slug, versionId)}/comments";
}

public sealed class SubmitStrategyCommentValidator : Validator<SubmitStrategyCommentRequest>
{
    public SubmitStrategyCommentValidator()
    {
        RuleFor(r => r.Section).NotNull().IsInEnum();
        RuleFor(r => r.SectionId).NotNull().When(r => r.Section is not null and not CommentSection.General)
            .WithMessage("Name the goal, value, field of action or project the comment is about.", "Nennen Sie das Ziel, den Grundwert, das Handlungsfeld oder das Projekt, auf das sich die Stellungnahme bezieht.");
        RuleFor(r => r.SectionId).Null().When(r => r.Section == CommentSection.General)
            .WithMessage("A general comment names no section; leave sectionId out.", "Eine allgemeine Stellungnahme nennt keinen Abschnitt; lassen Sie sectionId weg.");
        RuleFor(r => r.Text).NotEmpty().MaximumLength(4000);
        RuleFor(r => r.OnBehalfOf).MaximumLength(200);
    }
}

public sealed class SubmitStrategyCommentEndpoint(SmartRegionDb db, Clock clock) : Endpoint<SubmitStrategyCommentRequest, StrategyCommentResponse>
{
    public override void Configure()
    {
        Post(SubmitStrategyCommentRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("submitStrategyComment").WithSummary("Comment on a strategy version in consultation (a member, or the coordinator for an external partner)").WithTags("Strategy")
                .JsonBody<SubmitStrategyCommentRequest>()
                .ReturnsCreated<StrategyCommentResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(SubmitStrategyCommentRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await StrategyCommenting.SubmitAsync(session, region, request, caller.IsMember ? caller.Ags : null, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Comment!;
            },
            ct);

        var response = StrategyCommentResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetStrategyCommentRequest.BuildRoute(request.Slug, row.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>The use case behind <c>submitStrategyComment</c>, for the endpoint and the demo seed.</summary>
public static class StrategyCommenting
{
    private static readonly SubmitStrategyCommentValidator Shape = new();

    public sealed record Outcome(StrategyCommentRow? Comment, IReadOnlyList<ValidationFailure> Failures);

    /// <param name="memberAgs">The commenting member's AGS; null when the coordinator submits for <c>onBehalfOf</c>.</param>
    public static async Task<Outcome> SubmitAsync(DbSession session, RegionRow region, SubmitStrategyCommentRequest request, string? memberAgs, string actor, DateTimeOffset now)
    {
        var failures = Shape.Validate(request).Errors;
        if (memberAgs is null && string.IsNullOrWhiteSpace(request.OnBehalfOf))
        {
            failures.Add(new ValidationFailure("onBehalfOf", Localized.Text(
                "The coordinator submits comments on behalf of an external partner: name it in onBehalfOf.",
                "Die Koordination reicht Stellungnahmen für externe Partner ein: nennen Sie ihn in onBehalfOf.")));
        }
        else if (memberAgs is not null && request.OnBehalfOf is not null)
        {
            failures.Add(new ValidationFailure("onBehalfOf", Localized.Text(
                "A member comments for itself; leave onBehalfOf out.", "Ein Mitglied nimmt für sich selbst Stellung; lassen Sie onBehalfOf weg.")));
        }

        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        await session.QuerySingleOrDefaultAsync<int?>(StrategySql.Lock, new { Id = request.VersionId, RegionId = region.Id });
        var version = await StrategySql.RequireAsync(session, region, request.VersionId);
        StrategyLifecycle.EnsureInConsultation(version.StateValue);
        if (request.SectionId is { } sectionId && !HasSection(version, request.Section!.Value, sectionId))
        {
            return new Outcome(null, [new ValidationFailure("sectionId", Localized.Text(
                $"Version '{version.Label}' has no {EnumText.ToText(request.Section!.Value)} {sectionId:D}.",
                $"Version '{version.Label}' enthält kein(e) {EnumText.ToText(request.Section!.Value)} {sectionId:D}."))]);
        }

        var row = new StrategyCommentRow
        {
            Id = Guid.CreateVersion7(),
            StrategyVersionId = version.Id,
            Section = EnumText.ToText(request.Section!.Value),
            SectionId = request.SectionId,
            Text = request.Text,
            AuthorAgs = memberAgs,
            OnBehalfOf = memberAgs is null ? request.OnBehalfOf : null,
            SubmittedBy = actor,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await session.ExecuteAsync(StrategyCommentsSql.Insert, row);
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.CommentEntityType, row.Id.ToString("D"), "created", actor, now,
            new { strategyVersionId = version.Id, section = row.Section, sectionId = row.SectionId, authorAgs = row.AuthorAgs, onBehalfOf = row.OnBehalfOf }, 1));
        return new Outcome(row, []);
    }

    private static bool HasSection(StrategyVersionRow version, CommentSection section, Guid id)
    {
        var content = StrategyContent.Parse(version.Content);
        var snapshot = version.Snapshot is { } json ? StrategySnapshot.Parse(json) : new StrategySnapshot([], []);
        return section switch
        {
            CommentSection.Goal => content.Goals.Any(goal => goal.Id == id),
            CommentSection.Value => content.Values.Any(value => value.Id == id),
            CommentSection.FieldOfAction => snapshot.FieldsOfAction.Any(field => field.Id == id),
            CommentSection.Project => snapshot.Projects.Any(project => project.Id == id),
            _ => false,
        };
    }
}
