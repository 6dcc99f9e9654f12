namespace SmartRegion.Api.Domain;

/// <summary>Where a Lenkungskreis meeting (Sitzung) stands.</summary>
public enum MeetingState
{
    Planned,
    Held,
    Closed,
    Cancelled,
}

/// <summary>How a seat was represented at a meeting.</summary>
public enum AttendanceStatus
{
    Present,
    Excused,
    Absent,
}

/// <summary>What a decision (Beschluss) is about; the project types change the target project when adopted.</summary>
public enum DecisionType
{
    General,
    AdoptProject,
    PromoteToLead,
    DemoteToPotential,
    DiscontinueProject,
    ApproveStrategy,
}

public enum VoteChoice
{
    Yes,
    No,
    Abstain,
}

public enum DecisionResult
{
    Adopted,
    Rejected,
}

/// <summary>The counted outcome of a vote; computed, never sent by a client.</summary>
public sealed record DecisionOutcome(int Seats, int Present, int Yes, int No, int Abstain, bool QuorumPresent, DecisionResult Result);

/// <summary>Meeting lifecycle: <c>planned → held → closed</c> or <c>planned → cancelled</c>; closed and cancelled are read-only.</summary>
public static class MeetingLifecycle
{
    public const string TransitionNotAllowedType = "urn:smartregion:problem:meeting-transition-not-allowed";
    public const string ReadOnlyType = "urn:smartregion:problem:meeting-read-only";
    public const string NotPlannedType = "urn:smartregion:problem:meeting-not-planned";
    public const string NotHeldType = "urn:smartregion:problem:meeting-not-held";

    public static bool IsAllowed(MeetingState from, MeetingState to) => (from, to) switch
    {
        (MeetingState.Planned, MeetingState.Held) => true,
        (MeetingState.Held, MeetingState.Closed) => true,
        (MeetingState.Planned, MeetingState.Cancelled) => true,
        _ => false,
    };

    public static void EnsureTransition(MeetingState from, MeetingState to)
    {
        EnsureWritable(from);
        if (!IsAllowed(from, to))
        {
            throw new DomainRuleException(TransitionNotAllowedType, "Transition not allowed",
                $"A meeting cannot go from {EnumText.ToText(from)} to {EnumText.ToText(to)}.");
        }
    }

    /// <summary>A closed or cancelled meeting is the record; nothing about it changes any more.</summary>
    public static void EnsureWritable(MeetingState state)
    {
        if (state is MeetingState.Closed or MeetingState.Cancelled)
        {
            throw new DomainRuleException(ReadOnlyType, "Meeting is read-only",
                $"The meeting is {EnumText.ToText(state)}; its record cannot change.");
        }
    }

    /// <summary>The agenda is edited while the meeting is planned.</summary>
    public static void EnsurePlanned(MeetingState state)
    {
        EnsureWritable(state);
        if (state != MeetingState.Planned)
        {
            throw new DomainRuleException(NotPlannedType, "Meeting not planned",
                "The agenda can only change while the meeting is planned.");
        }
    }

    /// <summary>Attendance and decisions are recorded for a meeting that was held (and is not yet closed).</summary>
    public static void EnsureHeld(MeetingState state)
    {
        EnsureWritable(state);
        if (state != MeetingState.Held)
        {
            throw new DomainRuleException(NotHeldType, "Meeting not held",
                "Attendance and decisions are recorded once the meeting has been held.");
        }
    }
}

/// <summary>
/// Counts a vote: adopted when the quorum is present (more than <c>quorumPercent</c> % of the seats) and yes &gt; no;
/// <c>approve_strategy</c> needs unanimity of the votes cast (at least one yes and no "no"; abstentions are not votes
/// for or against).
/// </summary>
public static class DecisionRules
{
    public const int DefaultQuorumPercent = 50;

    public static DecisionOutcome Evaluate(DecisionType type, int seats, int present, IReadOnlyCollection<VoteChoice> votes, int quorumPercent)
    {
        var yes = votes.Count(v => v == VoteChoice.Yes);
        var no = votes.Count(v => v == VoteChoice.No);
        var abstain = votes.Count(v => v == VoteChoice.Abstain);
        var quorum = seats > 0 && present * 100 > seats * quorumPercent;
        var carried = type == DecisionType.ApproveStrategy ? yes > 0 && no == 0 : yes > no;
        return new DecisionOutcome(seats, present, yes, no, abstain, quorum, quorum && carried ? DecisionResult.Adopted : DecisionResult.Rejected);
    }

    /// <summary>The project change an adopted decision of this type makes, or null for types without one.</summary>
    public static bool TargetsProject(DecisionType type) =>
        type is DecisionType.AdoptProject or DecisionType.PromoteToLead or DecisionType.DemoteToPotential or DecisionType.DiscontinueProject;
}
