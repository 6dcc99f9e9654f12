namespace SmartRegion.Api.Domain;

/// <summary>Where a version of a region's strategy stands: <c>draft → in_consultation → approved → superseded</c>.</summary>
public enum StrategyState
{
    Draft,
    InConsultation,
    Approved,
    Superseded,
}

/// <summary>The part of a strategy version a consultation comment is about.</summary>
public enum CommentSection
{
    General,
    Goal,
    Value,
    FieldOfAction,
    Project,
}

/// <summary>The coordinator's weighing (Abwägung) of a consultation comment.</summary>
public enum CommentDisposition
{
    Accepted,
    PartlyAccepted,
    Rejected,
    Noted,
}

/// <summary>A value (Grundwert) of a strategy version; <c>Id</c> keeps it recognisable across versions.</summary>
/// <param name="Id">Stable across versions: a version created from another keeps its items' ids.</param>
public sealed record StrategyValue(Guid Id, string Name, string? Description);

/// <summary>A measurable indicator of a goal: from the baseline to the target value by the target year.</summary>
/// <param name="Id">Stable across versions; measured values are recorded against it, so they count for every version that has it.</param>
/// <param name="Unit">e.g. <c>%</c>, <c>Anzahl</c>, <c>t CO₂</c>.</param>
/// <param name="Baseline">The value when the goal was set.</param>
/// <param name="Target">The value to be reached; differs from the baseline (it may be lower: a reduction).</param>
public sealed record StrategyIndicator(Guid Id, string Name, string Unit, decimal Baseline, decimal Target, int TargetYear);

/// <summary>A goal (Ziel) of a strategy version with its indicators.</summary>
/// <param name="Id">Stable across versions: a version created from another keeps its goals' ids.</param>
public sealed record StrategyGoal(Guid Id, string Title, string? Description, IReadOnlyList<StrategyIndicator> Indicators);

/// <summary>A field of action (Handlungsfeld) as the version's snapshot recorded it.</summary>
public sealed record SnapshotFieldOfAction(Guid Id, string Name, int Position);

/// <summary>A project as the version's snapshot recorded it.</summary>
public sealed record SnapshotProject(Guid Id, string Code, string Title, ProjectCategory Category, ProjectStatus Status, Guid FieldOfActionId);

/// <summary>
/// The strategy's lifecycle. A version is edited only as a draft; it goes into consultation by an explicit command,
/// is approved only by an adopted <c>approve_strategy</c> decision, and is superseded when another version is approved.
/// </summary>
public static class StrategyLifecycle
{
    public const string NotEditableType = "urn:smartregion:problem:strategy-not-editable";
    public const string TransitionNotAllowedType = "urn:smartregion:problem:strategy-transition-not-allowed";
    public const string NotInConsultationType = "urn:smartregion:problem:strategy-not-in-consultation";
    public const string OpenCommentsType = "urn:smartregion:problem:strategy-open-comments";

    public static void EnsureEditable(StrategyState state)
    {
        if (state != StrategyState.Draft)
        {
            throw new DomainRuleException(NotEditableType, "Strategy version not editable",
                $"The version is {EnumText.ToText(state)}; only a draft can be edited. Create a new version from it instead.");
        }
    }

    /// <summary>The one explicit transition: a draft goes into consultation. Approval and supersession come from decisions.</summary>
    public static void EnsureTransition(StrategyState from, StrategyState to)
    {
        if (to is StrategyState.Approved or StrategyState.Superseded)
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Transition not allowed",
                $"A version becomes {EnumText.ToText(to)} only through an adopted approve_strategy decision of the Lenkungskreis that names it.");
        }

        if (!(from == StrategyState.Draft && to == StrategyState.InConsultation))
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Transition not allowed",
                $"A strategy version cannot go from {EnumText.ToText(from)} to {EnumText.ToText(to)}.");
        }
    }

    /// <summary>Comments are submitted and weighed while the version is in consultation.</summary>
    public static void EnsureInConsultation(StrategyState state)
    {
        if (state != StrategyState.InConsultation)
        {
            throw new DomainRuleException(NotInConsultationType, "Not in consultation",
                $"The version is {EnumText.ToText(state)}; comments are submitted and weighed only while it is in consultation.");
        }
    }

    /// <summary>An approval needs a version in consultation whose every comment has a disposition.</summary>
    public static void EnsureApprovable(string label, StrategyState state, int openComments)
    {
        if (state != StrategyState.InConsultation)
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Strategy version not approvable",
                $"Version '{label}' is {EnumText.ToText(state)}; only a version in consultation can be approved.");
        }

        if (openComments > 0)
        {
            throw new DomainRuleException(OpenCommentsType, "Comments without disposition",
                openComments == 1
                    ? $"Version '{label}' cannot be approved: 1 consultation comment has no disposition yet."
                    : $"Version '{label}' cannot be approved: {openComments} consultation comments have no disposition yet.");
        }
    }
}

/// <summary>How far an indicator has come from its baseline towards its target.</summary>
public static class StrategyProgress
{
    /// <summary>
    /// The share of the way from baseline to target that <paramref name="measured"/> has covered, in whole percent,
    /// clamped to 0–100 (a value beyond the target is 100, one that went the wrong way 0). Works for reductions too.
    /// </summary>
    public static int Percent(decimal baseline, decimal target, decimal measured)
    {
        if (target == baseline)
        {
            return measured == target ? 100 : 0;
        }

        var share = (measured - baseline) / (target - baseline) * 100m;
        return (int)Math.Round(Math.Clamp(share, 0m, 100m), MidpointRounding.AwayFromZero);
    }

    /// <summary>A goal's progress: the mean of its measured indicators' progress, or null while none is measured.</summary>
    public static int? GoalPercent(IEnumerable<int?> indicatorPercents)
    {
        var measured = indicatorPercents.Where(percent => percent is not null).Select(percent => percent!.Value).ToList();
        return measured.Count == 0 ? null : (int)Math.Round(measured.Average(), MidpointRounding.AwayFromZero);
    }
}
