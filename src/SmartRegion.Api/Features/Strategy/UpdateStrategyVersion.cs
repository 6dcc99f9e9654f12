using FastEndpoints;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Replaces a draft version's label, vision, Leitbild, values and goals (the coordinator). Keep the ids of the items
/// that stay, so that the diff and the measurements recognise them; items sent without an id are new. Only a draft
/// is edited (409 otherwise).
/// </summary>
public sealed record UpdateStrategyVersionRequest : IStrategyContentFields, IHasExample<UpdateStrategyVersionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The strategy version's id.</summary>
    public Guid VersionId { get; set; }

    /// <summary>Unique in the region; at most 50 characters.</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>Required, at most 4000 characters.</summary>
    public string? Vision { get; set; }

    /// <summary>At most 20000 characters; null or omitted clears it.</summary>
    public string? Leitbild { get; set; }

    /// <summary>The Grundwerte in their order; at most 200. Omitted: none.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ListLimits.MaxItems)]
    public List<StrategyValueInput>? Values { get; set; }

    /// <summary>The goals with their indicators; at most 200. Omitted: none.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ListLimits.MaxItems)]
    public List<StrategyGoalInput>? Goals { get; set; }

    public static UpdateStrategyVersionRequest Example => new()
    {
        Label = "1.1",
        Vision = CreateStrategyVersionRequest.Example.Vision,
        Leitbild = CreateStrategyVersionRequest.Example.Leitbild,
        Values = CreateStrategyVersionRequest.Example.Values,
        Goals = CreateStrategyVersionRequest.Example.Goals,
    };

    public static string BuildRoute(string slug, Guid versionId) => GetStrategyVersionRequest.BuildRoute(slug, versionId);
}

public sealed class UpdateStrategyVersionValidator : Validator<UpdateStrategyVersionRequest>
{
    public UpdateStrategyVersionValidator() => Include(new StrategyContentRules());
}

public sealed class UpdateStrategyVersionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateStrategyVersionRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Put(UpdateStrategyVersionRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("updateStrategyVersion").WithSummary("Replace the content of a draft strategy version").WithTags("Strategy")
                .JsonBody<UpdateStrategyVersionRequest>()
                .Returns<StrategyVersionResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateStrategyVersionRequest request, CancellationToken ct)
    {
        var expected = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var response = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await StrategyVersionUpdate.ReplaceAsync(session, region, request, expected, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return await StrategySql.ResponseAsync(session, outcome.Version!);
            },
            ct);

        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>The use case behind <c>updateStrategyVersion</c>, for the endpoint and the demo seed.</summary>
public static class StrategyVersionUpdate
{
    private static readonly UpdateStrategyVersionValidator Shape = new();

    public static async Task<StrategyVersionCreation.Outcome> ReplaceAsync(
        DbSession session, RegionRow region, UpdateStrategyVersionRequest request, IfMatch expected, string actor, DateTimeOffset now)
    {
        List<ValidationFailure> failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new(null, failures);
        }

        var current = await StrategySql.RequireAsync(session, region, request.VersionId);
        Preconditions.EnsureCurrent(expected, current.Version);
        StrategyLifecycle.EnsureEditable(current.StateValue);
        var (content, invalid) = StrategyContentInput.ToContent(request.Values, request.Goals);
        if (content is null)
        {
            return new(null, invalid);
        }

        await StrategyVersionCreation.EnsureLabelFreeAsync(session, region.Id, request.Label, current.Id);
        var before = StrategyContent.Parse(current.Content);
        int updated;
        try
        {
            updated = await session.ExecuteAsync(StrategySql.UpdateDraft, new
            {
                current.Id,
                request.Label,
                LabelKey = TextKeys.ForReference(request.Label),
                request.Vision,
                request.Leitbild,
                Content = content.ToJson(),
                UpdatedAt = now,
                ExpectedVersion = current.Version,
            });
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolationOf(ex, StrategySql.LabelIndex))
        {
            throw StrategyVersionCreation.DuplicateLabel(request.Label);
        }

        if (updated == 0)
        {
            throw Preconditions.StaleVersion();
        }

        string[] changed = [.. new[]
        {
            ("label", current.Label != request.Label),
            ("vision", current.Vision != request.Vision),
            ("leitbild", current.Leitbild != request.Leitbild),
            ("values", before.Values.SequenceEqual(content.Values) is false),
            ("goals", new StrategyContent([], before.Goals).ToJson() != new StrategyContent([], content.Goals).ToJson()),
        }.Where(field => field.Item2).Select(field => field.Item1)];
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.EntityType, current.Id.ToString("D"), "updated", actor, now,
            new { changed }, current.Version + 1));
        return new(await StrategySql.RequireAsync(session, region, current.Id), []);
    }
}
