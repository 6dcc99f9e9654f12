using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>The latest measured value of an indicator.</summary>
public sealed record IndicatorMeasurementSummary(DateOnly MeasuredOn, [property: Measure] decimal Value);

/// <summary>An indicator of a goal with its progress.</summary>
/// <param name="Id">Stable across versions; measurements are recorded against it.</param>
/// <param name="LatestMeasurement">The latest measured value (by date), if any was recorded.</param>
/// <param name="ProgressPercent">How far the latest measurement has come from the baseline towards the target, 0–100 (clamped); null while nothing is measured.</param>
public sealed record StrategyIndicatorResponse(
    Guid Id, string Name, string Unit, [property: Measure] decimal Baseline, [property: Measure] decimal Target, int TargetYear, IndicatorMeasurementSummary? LatestMeasurement, int? ProgressPercent);

/// <summary>A goal (Ziel) with its indicators and its progress.</summary>
/// <param name="Id">Stable across versions: a version created from another keeps its goals' ids.</param>
/// <param name="ProgressPercent">The mean progress of its measured indicators, 0–100; null while none is measured.</param>
public sealed record StrategyGoalResponse(Guid Id, string Title, string? Description, IReadOnlyList<StrategyIndicatorResponse> Indicators, int? ProgressPercent);

/// <summary>
/// A version of a region's strategy. While it is a draft, <c>fieldsOfAction</c> and <c>projects</c> show the region's
/// lists as they are now; from consultation on they are the snapshot taken when it left draft.
/// </summary>
/// <param name="Label">e.g. <c>Beta</c>, <c>1.0</c>; unique in the region.</param>
/// <param name="Leitbild">The guiding principles (Leitbild), if stated.</param>
/// <param name="Values">The Grundwerte, in their order.</param>
/// <param name="BasedOn">The version this one was created from, if any.</param>
/// <param name="SnapshotTakenAt">When the fields of action and projects were recorded (the version left draft); null for a draft.</param>
/// <param name="ApprovalDecisionId">The adopted <c>approve_strategy</c> decision that approved the version.</param>
/// <param name="ApprovalReference">That decision's reference, e.g. <c>LK-2025/1-1</c>.</param>
/// <param name="ApprovedAt">When the approving decision was taken (its <c>decidedAt</c>).</param>
/// <param name="SupersededAt">When another version's approval superseded this one.</param>
/// <param name="Version">Changes with every edit and state change; the ETag.</param>
public sealed record StrategyVersionResponse(
    Guid Id,
    string Label,
    StrategyState State,
    string Vision,
    string? Leitbild,
    IReadOnlyList<StrategyValue> Values,
    IReadOnlyList<StrategyGoalResponse> Goals,
    IReadOnlyList<SnapshotFieldOfAction> FieldsOfAction,
    IReadOnlyList<SnapshotProject> Projects,
    Guid? BasedOn,
    DateTimeOffset? SnapshotTakenAt,
    Guid? ApprovalDecisionId,
    string? ApprovalReference,
    DateTimeOffset? ApprovedAt,
    DateTimeOffset? SupersededAt,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static StrategyVersionResponse From(StrategyVersionRow row, StrategySnapshot snapshot, IReadOnlyDictionary<Guid, LatestMeasurementRow> latest)
    {
        var content = StrategyContent.Parse(row.Content);
        return new StrategyVersionResponse(
            row.Id, row.Label, row.StateValue, row.Vision, row.Leitbild, content.Values, GoalsWithProgress(content.Goals, latest),
            snapshot.FieldsOfAction, snapshot.Projects, row.BasedOn, row.ConsultationStartedAt, row.ApprovalDecisionId, row.ApprovalReference,
            row.ApprovedAt, row.SupersededAt, row.Version, row.CreatedAt, row.UpdatedAt);
    }

    /// <summary>The goals with each indicator's latest measurement and progress.</summary>
    public static List<StrategyGoalResponse> GoalsWithProgress(IEnumerable<StrategyGoal> goals, IReadOnlyDictionary<Guid, LatestMeasurementRow> latest) =>
        goals.Select(goal =>
        {
            var indicators = goal.Indicators.Select(indicator =>
            {
                var measured = latest.GetValueOrDefault(indicator.Id);
                return new StrategyIndicatorResponse(
                    indicator.Id, indicator.Name, indicator.Unit, indicator.Baseline, indicator.Target, indicator.TargetYear,
                    measured is null ? null : new IndicatorMeasurementSummary(measured.MeasuredOn, measured.Value),
                    measured is null ? null : StrategyProgress.Percent(indicator.Baseline, indicator.Target, measured.Value));
            }).ToList();
            return new StrategyGoalResponse(goal.Id, goal.Title, goal.Description, indicators, StrategyProgress.GoalPercent(indicators.Select(i => i.ProgressPercent)));
        }).ToList();

    public string ETag() => Preconditions.ETagFor(Version);
}
