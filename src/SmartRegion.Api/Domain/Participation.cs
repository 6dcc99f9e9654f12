namespace SmartRegion.Api.Domain;

/// <summary>What a member does in a project: runs it (federführend), takes part, or only watches.</summary>
public enum ParticipationRole
{
    Lead,
    Partner,
    Observer,
}

/// <summary>Where a member's decision to join a project stands.</summary>
public enum ParticipationState
{
    Interested,
    PendingCouncil,
    Committed,
    Withdrawn,
}

/// <summary>A council resolution (Ratsbeschluss) that authorises a member's commitment.</summary>
public sealed record CouncilResolution(string Body, DateOnly Date, string Reference, string? Url);

/// <summary>
/// The participation lifecycle of domain.md: <c>interested → pending_council → committed</c>, <c>withdrawn</c> from
/// any of them, and <c>interested</c> again after withdrawal. Commitment needs a council resolution dated no later
/// than today, an active member, and a project that still takes commitments.
/// </summary>
public static class ParticipationLifecycle
{
    public const string TransitionNotAllowedType = "urn:smartregion:problem:participation-transition-not-allowed";
    public const string ProjectClosedType = "urn:smartregion:problem:project-takes-no-commitments";
    public const string MemberInactiveType = "urn:smartregion:problem:member-inactive";
    public const string LeadTakenType = "urn:smartregion:problem:lead-taken";

    public static bool IsAllowed(ParticipationState from, ParticipationState to) => (from, to) switch
    {
        (ParticipationState.Interested, ParticipationState.PendingCouncil) => true,
        (ParticipationState.PendingCouncil, ParticipationState.Committed) => true,
        (ParticipationState.Withdrawn, ParticipationState.Interested) => true,
        (not ParticipationState.Withdrawn, ParticipationState.Withdrawn) => true,
        _ => false,
    };

    /// <summary>Refuses (409) a move the lifecycle or the circumstances do not allow.</summary>
    public static void EnsureTransition(ParticipationState from, ParticipationState to, ProjectStatus projectStatus, bool memberActive)
    {
        if (!IsAllowed(from, to))
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Transition not allowed",
                $"A participation cannot go from {EnumText.ToText(from)} to {EnumText.ToText(to)}.");
        }

        if (to == ParticipationState.Committed)
        {
            EnsureCanCommit(projectStatus, memberActive);
        }
    }

    /// <summary>Completed and discontinued projects take no new commitments; a deactivated member cannot commit.</summary>
    public static void EnsureCanCommit(ProjectStatus projectStatus, bool memberActive)
    {
        if (ProjectLifecycle.IsTerminal(projectStatus))
        {
            throw new DomainRuleException(ProjectClosedType, "Project takes no commitments",
                $"The project is {EnumText.ToText(projectStatus)}; it takes no new commitments.");
        }

        if (!memberActive)
        {
            throw new DomainRuleException(MemberInactiveType, "Member inactive", "A deactivated member cannot commit to a project.");
        }
    }
}
