using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

public sealed class ParticipationLifecycleTests
{
    private static readonly HashSet<(ParticipationState, ParticipationState)> Allowed =
    [
        (ParticipationState.Interested, ParticipationState.PendingCouncil),
        (ParticipationState.PendingCouncil, ParticipationState.Committed),
        (ParticipationState.Interested, ParticipationState.Withdrawn),
        (ParticipationState.PendingCouncil, ParticipationState.Withdrawn),
        (ParticipationState.Committed, ParticipationState.Withdrawn),
        (ParticipationState.Withdrawn, ParticipationState.Interested),
    ];

    public static TheoryData<ParticipationState, ParticipationState> AllPairs()
    {
        var data = new TheoryData<ParticipationState, ParticipationState>();
        foreach (var from in Enum.GetValues<ParticipationState>())
        {
            foreach (var to in Enum.GetValues<ParticipationState>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Each_state_pair_is_allowed_exactly_as_domain_md_says(ParticipationState from, ParticipationState to)
    {
        var refusal = Record.Exception(() => ParticipationLifecycle.EnsureTransition(from, to, ProjectStatus.Adopted, memberActive: true));

        if (Allowed.Contains((from, to)))
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Equal(ParticipationLifecycle.TransitionNotAllowedType, Assert.IsType<DomainRuleException>(refusal).ProblemType);
        }
    }

    [Theory]
    [InlineData(ProjectStatus.Completed, true, ParticipationLifecycle.ProjectClosedType)]
    [InlineData(ProjectStatus.Discontinued, true, ParticipationLifecycle.ProjectClosedType)]
    [InlineData(ProjectStatus.Adopted, false, ParticipationLifecycle.MemberInactiveType)]
    public void Closed_projects_and_inactive_members_take_no_commitment(ProjectStatus project, bool active, string type)
    {
        var refusal = Assert.Throws<DomainRuleException>(() =>
            ParticipationLifecycle.EnsureTransition(ParticipationState.PendingCouncil, ParticipationState.Committed, project, active));

        Assert.Equal(type, refusal.ProblemType);
    }
}
