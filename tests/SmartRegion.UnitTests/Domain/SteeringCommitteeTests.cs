using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

public sealed class SteeringCommitteeTests
{
    [Fact]
    public void Thirteen_of_fourteen_present_is_a_quorum_and_yes_over_no_adopts()
    {
        var votes = Enumerable.Repeat(VoteChoice.Yes, 10).Concat([VoteChoice.No, VoteChoice.No, VoteChoice.Abstain]).ToList();

        var outcome = DecisionRules.Evaluate(DecisionType.AdoptProject, seats: 14, present: 13, votes, DecisionRules.DefaultQuorumPercent);

        Assert.Equal(new DecisionOutcome(14, 13, 10, 2, 1, true, DecisionResult.Adopted), outcome);
    }

    [Theory]
    [InlineData(14, 7, false)]
    [InlineData(14, 8, true)]
    [InlineData(13, 7, true)]
    [InlineData(13, 6, false)]
    [InlineData(0, 0, false)]
    public void The_quorum_is_more_than_half_of_the_seats(int seats, int present, bool quorum)
    {
        var outcome = DecisionRules.Evaluate(DecisionType.General, seats, present, Enumerable.Repeat(VoteChoice.Yes, present).ToList(), 50);

        Assert.Equal(quorum, outcome.QuorumPresent);
        Assert.Equal(quorum ? DecisionResult.Adopted : DecisionResult.Rejected, outcome.Result);
    }

    [Fact]
    public void A_tie_is_rejected()
    {
        var outcome = DecisionRules.Evaluate(DecisionType.General, 4, 4, [VoteChoice.Yes, VoteChoice.Yes, VoteChoice.No, VoteChoice.No], 50);

        Assert.Equal(DecisionResult.Rejected, outcome.Result);
    }

    [Fact]
    public void The_strategy_needs_every_cast_vote_in_favour()
    {
        var oneNo = DecisionRules.Evaluate(DecisionType.ApproveStrategy, 14, 14, [.. Enumerable.Repeat(VoteChoice.Yes, 13), VoteChoice.No], 50);
        var abstention = DecisionRules.Evaluate(DecisionType.ApproveStrategy, 14, 14, [.. Enumerable.Repeat(VoteChoice.Yes, 13), VoteChoice.Abstain], 50);

        Assert.Equal(DecisionResult.Rejected, oneNo.Result);
        Assert.Equal(DecisionResult.Adopted, abstention.Result);
    }

    [Theory]
    [InlineData(MeetingState.Planned, MeetingState.Held, true)]
    [InlineData(MeetingState.Held, MeetingState.Closed, true)]
    [InlineData(MeetingState.Planned, MeetingState.Cancelled, true)]
    [InlineData(MeetingState.Planned, MeetingState.Closed, false)]
    [InlineData(MeetingState.Held, MeetingState.Cancelled, false)]
    [InlineData(MeetingState.Held, MeetingState.Planned, false)]
    public void Meetings_move_planned_held_closed_or_cancelled(MeetingState from, MeetingState to, bool allowed)
    {
        var refusal = Record.Exception(() => MeetingLifecycle.EnsureTransition(from, to));

        Assert.Equal(allowed, refusal is null);
    }

    [Theory]
    [InlineData(MeetingState.Closed)]
    [InlineData(MeetingState.Cancelled)]
    public void Closed_and_cancelled_meetings_are_read_only(MeetingState state)
    {
        foreach (var to in Enum.GetValues<MeetingState>())
        {
            Assert.Equal(MeetingLifecycle.ReadOnlyType, Assert.Throws<DomainRuleException>(() => MeetingLifecycle.EnsureTransition(state, to)).ProblemType);
        }

        Assert.Equal(MeetingLifecycle.ReadOnlyType, Assert.Throws<DomainRuleException>(() => MeetingLifecycle.EnsurePlanned(state)).ProblemType);
        Assert.Equal(MeetingLifecycle.ReadOnlyType, Assert.Throws<DomainRuleException>(() => MeetingLifecycle.EnsureHeld(state)).ProblemType);
    }
}
