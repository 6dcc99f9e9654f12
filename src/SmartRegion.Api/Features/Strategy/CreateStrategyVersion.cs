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
/// Creates a draft version of the region's strategy (the coordinator): either with its own content, or <c>from</c>
/// another version of the region, whose vision, Leitbild, values and goals it copies with their ids (so that a later
/// diff recognises every item, and measurements keep counting for the same indicators).
/// </summary>
public sealed record CreateStrategyVersionRequest : IStrategyContentFields, IHasExample<CreateStrategyVersionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions";

    public string Slug { get; set; } = string.Empty;

    /// <summary>e.g. <c>Beta</c>, <c>1.0</c>, <c>1.1</c>; unique in the region (ASCII letters regardless of case), at most 50 characters.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>A version of the region to copy; then vision, Leitbild, values and goals are left out (edit the copy afterwards).</summary>
    public Guid? From { get; set; }

    /// <summary>The vision; required unless <c>from</c> is given; at most 4000 characters.</summary>
    public string? Vision { get; set; }

    /// <summary>The Leitbild; at most 20000 characters.</summary>
    public string? Leitbild { get; set; }

    /// <summary>The Grundwerte in their order; at most 200.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ListLimits.MaxItems)]
    public List<StrategyValueInput>? Values { get; set; }

    /// <summary>The goals with their indicators; at most 200.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ListLimits.MaxItems)]
    public List<StrategyGoalInput>? Goals { get; set; }

    public static CreateStrategyVersionRequest Example => new()
    {
        Label = "Beta",
        Vision = "Gemeinsam gestalten der Kreis und seine Städte und Gemeinden den digitalen Wandel – nachhaltig, innovativ und menschenzentriert.",
        Leitbild = "Beispiel: Digitalisierung ist kein Selbstzweck; sie dient den Menschen in Stadt und Land.",
        Values = [new StrategyValueInput { Name = "Gemeinwohl", Description = "Beispiel: Digitale Angebote nützen allen Bürgerinnen und Bürgern." }],
        Goals =
        [
            new StrategyGoalInput
            {
                Title = "Beispiel: Flächendeckendes Glasfasernetz",
                Indicators = [new StrategyIndicatorInput { Name = "Beispiel: Haushalte mit Glasfaseranschluss", Unit = "%", Baseline = 35m, Target = 90m, TargetYear = 2030 }],
            },
        ],
    };

    public static string BuildRoute(string slug) => $"{GetRegionRequest.BuildRoute(slug)}/strategy/versions";
}

public sealed class CreateStrategyVersionValidator : Validator<CreateStrategyVersionRequest>
{
    public CreateStrategyVersionValidator()
    {
        Include(new StrategyContentRules(contentRequired: false));
        RuleFor(r => r.Vision).NotEmpty().When(r => r.From is null);
        RuleFor(r => r.Vision).Null().When(r => r.From is not null)
            .WithMessage("Leave the vision out when copying a version with 'from'; edit the copy afterwards.", "Die Vision entfällt beim Kopieren mit 'from'; bearbeiten Sie danach die Kopie.");
        RuleFor(r => r.Leitbild).Null().When(r => r.From is not null)
            .WithMessage("Leave the Leitbild out when copying a version with 'from'.", "Das Leitbild entfällt beim Kopieren mit 'from'.");
        RuleFor(r => r.Values).Null().When(r => r.From is not null)
            .WithMessage("Leave the values out when copying a version with 'from'.", "Die Grundwerte entfallen beim Kopieren mit 'from'.");
        RuleFor(r => r.Goals).Null().When(r => r.From is not null)
            .WithMessage("Leave the goals out when copying a version with 'from'.", "Die Ziele entfallen beim Kopieren mit 'from'.");
    }
}

public sealed class CreateStrategyVersionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateStrategyVersionRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Post(CreateStrategyVersionRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("createStrategyVersion").WithSummary("Create a draft version of the region's strategy, new or copied from another version").WithTags("Strategy")
                .JsonBody<CreateStrategyVersionRequest>()
                .ReturnsCreated<StrategyVersionResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateStrategyVersionRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var response = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await StrategyVersionCreation.CreateAsync(session, region, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return await StrategySql.ResponseAsync(session, outcome.Version!);
            },
            ct);

        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetStrategyVersionRequest.BuildRoute(request.Slug, response.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>The use case behind <c>createStrategyVersion</c>, for the endpoint and the demo seed.</summary>
public static class StrategyVersionCreation
{
    private static readonly CreateStrategyVersionValidator Shape = new();

    public sealed record Outcome(StrategyVersionRow? Version, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> CreateAsync(DbSession session, RegionRow region, CreateStrategyVersionRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        StrategyContent content;
        string vision;
        string? leitbild;
        if (request.From is { } from)
        {
            var source = await session.QuerySingleOrDefaultAsync<StrategyVersionRow>(StrategySql.Get, new { Id = from, RegionId = region.Id });
            if (source is null)
            {
                return new Outcome(null, [new ValidationFailure("from", Localized.Text(
                    $"There is no strategy version {from:D} in this region.", $"In dieser Region gibt es keine Strategieversion {from:D}."))]);
            }

            content = StrategyContent.Parse(source.Content);
            (vision, leitbild) = (source.Vision, source.Leitbild);
        }
        else
        {
            var (built, invalid) = StrategyContentInput.ToContent(request.Values, request.Goals);
            if (built is null)
            {
                return new Outcome(null, invalid);
            }

            (content, vision, leitbild) = (built, request.Vision!, request.Leitbild);
        }

        await EnsureLabelFreeAsync(session, region.Id, request.Label, null);
        var id = Guid.CreateVersion7();
        try
        {
            await session.ExecuteAsync(StrategySql.Insert, new
            {
                Id = id,
                RegionId = region.Id,
                request.Label,
                LabelKey = TextKeys.ForReference(request.Label),
                State = EnumText.ToText(StrategyState.Draft),
                Vision = vision,
                Leitbild = leitbild,
                Content = content.ToJson(),
                BasedOn = request.From,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolationOf(ex, StrategySql.LabelIndex))
        {
            throw DuplicateLabel(request.Label);
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.EntityType, id.ToString("D"), "created", actor, now,
            new { label = request.Label, basedOn = request.From }, 1));
        return new Outcome(await StrategySql.RequireAsync(session, region, id), []);
    }

    /// <summary>A friendly 409 for the common case; the unique index settles two that race.</summary>
    public static async Task EnsureLabelFreeAsync(DbSession session, Guid regionId, string label, Guid? self)
    {
        if (await session.QuerySingleOrDefaultAsync<Guid?>(StrategySql.IdByLabelKey, new { RegionId = regionId, LabelKey = TextKeys.ForReference(label) }) is { } holder
            && holder != self)
        {
            throw DuplicateLabel(label);
        }
    }

    public static ApiProblemException DuplicateLabel(string label) =>
        ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate label", $"The region already has a strategy version labelled '{label}'.");
}
