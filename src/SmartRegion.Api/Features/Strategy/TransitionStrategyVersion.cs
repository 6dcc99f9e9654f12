using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Moves a strategy version (the coordinator): a draft goes <c>in_consultation</c>, and the fields of action and the
/// project list are recorded as its snapshot. <c>approved</c> comes only from an adopted <c>approve_strategy</c>
/// decision that names the version, <c>superseded</c> from the approval of another version (409 here).
/// </summary>
public sealed record TransitionStrategyVersionRequest : IHasExample<TransitionStrategyVersionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}/transitions";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The strategy version's id.</summary>
    public Guid VersionId { get; set; }

    /// <summary>The state to move to: <c>in_consultation</c>.</summary>
    public StrategyState? To { get; set; }

    public static TransitionStrategyVersionRequest Example => new() { To = StrategyState.InConsultation };

    public static string BuildRoute(string slug, Guid versionId) => $"{GetStrategyVersionRequest.BuildRoute(slug, versionId)}/transitions";
}

public sealed class TransitionStrategyVersionValidator : Validator<TransitionStrategyVersionRequest>
{
    public TransitionStrategyVersionValidator() => RuleFor(r => r.To).NotNull().IsInEnum();
}

public sealed class TransitionStrategyVersionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<TransitionStrategyVersionRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Post(TransitionStrategyVersionRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("transitionStrategyVersion").WithSummary("Put a draft strategy version into consultation (snapshot of fields of action and projects)").WithTags("Strategy")
                .JsonBody<TransitionStrategyVersionRequest>()
                .Returns<StrategyVersionResponse>()
                .Problems(409)
                .RequiresIfMatch()
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(TransitionStrategyVersionRequest request, CancellationToken ct)
    {
        var expected = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var response = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await StrategySql.ResponseAsync(session, await StrategyVersionTransition.MoveAsync(session, region, request, expected, caller.Actor, now));
            },
            ct);

        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>The use case behind <c>transitionStrategyVersion</c>, for the endpoint and the demo seed.</summary>
public static class StrategyVersionTransition
{
    public static async Task<StrategyVersionRow> MoveAsync(
        DbSession session, RegionRow region, TransitionStrategyVersionRequest request, IfMatch expected, string actor, DateTimeOffset now)
    {
        await session.QuerySingleOrDefaultAsync<int?>(StrategySql.Lock, new { Id = request.VersionId, RegionId = region.Id });
        var current = await StrategySql.RequireAsync(session, region, request.VersionId);
        Preconditions.EnsureCurrent(expected, current.Version);
        StrategyLifecycle.EnsureTransition(current.StateValue, request.To!.Value);
        var snapshot = await StrategySnapshot.TakeAsync(session, region.Id);
        if (await session.ExecuteAsync(StrategySql.StartConsultation, new { current.Id, Snapshot = snapshot.ToJson(), UpdatedAt = now, ExpectedVersion = current.Version }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.EntityType, current.Id.ToString("D"), "consultation_started", actor, now,
            new { from = current.State, to = EnumText.ToText(StrategyState.InConsultation), fieldsOfAction = snapshot.FieldsOfAction.Count, projects = snapshot.Projects.Count },
            current.Version + 1));
        return await StrategySql.RequireAsync(session, region, current.Id);
    }
}
