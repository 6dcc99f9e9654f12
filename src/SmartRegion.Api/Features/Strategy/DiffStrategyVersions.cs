using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Compares two versions of the region's strategy (every role of the region): what the second one added, removed and
/// changed, field by field, in its vision and Leitbild, values, goals, indicators, fields of action and projects.
/// Items are matched by their ids, which a version created <c>from</c> another keeps. A draft is compared with the
/// region's fields of action and projects as they are now.
/// </summary>
public sealed class DiffStrategyVersionsRequest
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}/diff/{otherVersionId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The version compared from (the older one, usually).</summary>
    public Guid VersionId { get; set; }

    /// <summary>The version compared to.</summary>
    public Guid OtherVersionId { get; set; }

    public static string BuildRoute(string slug, Guid versionId, Guid otherVersionId) =>
        $"{GetStrategyVersionRequest.BuildRoute(slug, versionId)}/diff/{otherVersionId:D}";
}

/// <summary>A version as a diff names it.</summary>
public sealed record StrategyVersionReference(Guid Id, string Label, StrategyState State);

/// <summary>What changed from <c>from</c> to <c>to</c>.</summary>
/// <param name="Text">Changes of the vision and the Leitbild (fields <c>vision</c>, <c>leitbild</c>).</param>
/// <param name="Indicators">Indicators across all goals; an indicator moved to another goal shows a change of <c>goalId</c>.</param>
public sealed record StrategyDiffResponse(
    StrategyVersionReference From,
    StrategyVersionReference To,
    IReadOnlyList<FieldChange> Text,
    DiffSection Values,
    DiffSection Goals,
    DiffSection Indicators,
    DiffSection FieldsOfAction,
    DiffSection Projects);

public sealed class DiffStrategyVersionsEndpoint(SmartRegionDb db) : Endpoint<DiffStrategyVersionsRequest, StrategyDiffResponse>
{
    public override void Configure()
    {
        Get(DiffStrategyVersionsRequest.Route);
        Description(
            b => b.WithName("diffStrategyVersions").WithSummary("Compare two versions of the region's strategy, item by item and field by field").WithTags("Strategy")
                .ReturnsJson<StrategyDiffResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DiffStrategyVersionsRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var from = await StrategySql.RequireAsync(session, region, request.VersionId);
        var to = await StrategySql.RequireAsync(session, region, request.OtherVersionId);
        StrategySnapshot? live = null;
        async Task<StrategyDocument> DocumentAsync(StrategyVersionRow row)
        {
            var snapshot = row.Snapshot is { } json ? StrategySnapshot.Parse(json) : live ??= await StrategySnapshot.TakeAsync(session, region.Id);
            var content = StrategyContent.Parse(row.Content);
            return new StrategyDocument(row.Vision, row.Leitbild, content.Values, content.Goals, snapshot.FieldsOfAction, snapshot.Projects);
        }

        var (text, values, goals, indicators, fields, projects) = StrategyDiff.Compare(await DocumentAsync(from), await DocumentAsync(to));
        await Send.OkAsync(new StrategyDiffResponse(
            new StrategyVersionReference(from.Id, from.Label, from.StateValue), new StrategyVersionReference(to.Id, to.Label, to.StateValue),
            text, values, goals, indicators, fields, projects), ct);
    }
}
