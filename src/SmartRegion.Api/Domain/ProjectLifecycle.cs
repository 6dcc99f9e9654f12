namespace SmartRegion.Api.Domain;

/// <summary>
/// The project lifecycle of domain.md: <c>draft → proposed → adopted → in_implementation → completed</c>;
/// <c>proposed|adopted|in_implementation → on_hold → (back to the state it left)</c>; any non-terminal state →
/// <c>discontinued</c>. <c>→ adopted</c>, <c>→ discontinued</c> and category changes need an adopted Lenkungskreis
/// decision; <c>completed</c> and <c>discontinued</c> are terminal.
/// </summary>
public static class ProjectLifecycle
{
    public const string DecisionRequiredType = "urn:smartregion:problem:decision-required";
    public const string TransitionNotAllowedType = "urn:smartregion:problem:transition-not-allowed";
    public const string ProjectClosedType = "urn:smartregion:problem:project-closed";

    private static readonly ProjectStatus[] Holdable = [ProjectStatus.Proposed, ProjectStatus.Adopted, ProjectStatus.InImplementation];

    public static bool IsTerminal(ProjectStatus status) => status is ProjectStatus.Completed or ProjectStatus.Discontinued;

    /// <summary>True for the targets that only an adopted Lenkungskreis decision may reach.</summary>
    public static bool NeedsDecision(ProjectStatus to) => to is ProjectStatus.Adopted or ProjectStatus.Discontinued;

    /// <summary>
    /// The state after moving <paramref name="from"/> to <paramref name="to"/>, and the state to remember for a
    /// later return from hold; throws <see cref="DomainRuleException"/> when the move is not allowed for a caller
    /// acting <paramref name="byDecision"/> or not.
    /// </summary>
    public static (ProjectStatus Status, ProjectStatus? BeforeHold) Transition(
        ProjectStatus from, ProjectStatus to, ProjectStatus? beforeHold, bool byDecision)
    {
        if (IsTerminal(from))
        {
            throw new DomainRuleException(ProjectClosedType, "Project is closed",
                $"The project is {EnumText.ToText(from)}; a closed project cannot change its status.");
        }

        if (!IsAllowed(from, to, beforeHold))
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Transition not allowed",
                $"A project cannot go from {EnumText.ToText(from)} to {EnumText.ToText(to)}.");
        }

        // Returning from hold to adopted restores an earlier decision's result; it is not a new adoption.
        if (NeedsDecision(to) && !(from == ProjectStatus.OnHold && to == beforeHold) && !byDecision)
        {
            throw new DomainRuleException(DecisionRequiredType, "Lenkungskreis decision required",
                $"Moving a project to {EnumText.ToText(to)} needs an adopted decision of the Lenkungskreis.");
        }

        return to == ProjectStatus.OnHold ? (to, from) : (to, null);
    }

    /// <summary>A category change (potential ↔ lead) happens only through an adopted decision, never on a closed project.</summary>
    public static void EnsureCategoryChange(ProjectStatus status, ProjectCategory from, ProjectCategory to, bool byDecision)
    {
        if (IsTerminal(status))
        {
            throw new DomainRuleException(ProjectClosedType, "Project is closed",
                $"The project is {EnumText.ToText(status)}; its category cannot change.");
        }

        if (from == to)
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Category unchanged",
                $"The project already is a {EnumText.ToText(to)} project.");
        }

        if (!byDecision)
        {
            throw new DomainRuleException(DecisionRequiredType, "Lenkungskreis decision required",
                "Changing a project's category needs an adopted decision of the Lenkungskreis.");
        }
    }

    private static bool IsAllowed(ProjectStatus from, ProjectStatus to, ProjectStatus? beforeHold) => (from, to) switch
    {
        (_, ProjectStatus.Discontinued) => true,
        (ProjectStatus.Draft, ProjectStatus.Proposed) => true,
        (ProjectStatus.Proposed, ProjectStatus.Adopted) => true,
        (ProjectStatus.Adopted, ProjectStatus.InImplementation) => true,
        (ProjectStatus.InImplementation, ProjectStatus.Completed) => true,
        (_, ProjectStatus.OnHold) => Holdable.Contains(from),
        (ProjectStatus.OnHold, _) => to == beforeHold,
        _ => false,
    };
}
