using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

/// <summary>Every (from, to) pair of the lifecycle, with and without a Lenkungskreis decision.</summary>
public sealed class ProjectLifecycleTests
{
    // The moves domain.md allows; everything else is refused. "decision" marks the ones only a decision may make.
    private static readonly Dictionary<(ProjectStatus From, ProjectStatus To), bool> Allowed = new()
    {
        [(ProjectStatus.Draft, ProjectStatus.Proposed)] = false,
        [(ProjectStatus.Proposed, ProjectStatus.Adopted)] = true,
        [(ProjectStatus.Adopted, ProjectStatus.InImplementation)] = false,
        [(ProjectStatus.InImplementation, ProjectStatus.Completed)] = false,
        [(ProjectStatus.Proposed, ProjectStatus.OnHold)] = false,
        [(ProjectStatus.Adopted, ProjectStatus.OnHold)] = false,
        [(ProjectStatus.InImplementation, ProjectStatus.OnHold)] = false,
        [(ProjectStatus.Draft, ProjectStatus.Discontinued)] = true,
        [(ProjectStatus.Proposed, ProjectStatus.Discontinued)] = true,
        [(ProjectStatus.Adopted, ProjectStatus.Discontinued)] = true,
        [(ProjectStatus.InImplementation, ProjectStatus.Discontinued)] = true,
        [(ProjectStatus.OnHold, ProjectStatus.Discontinued)] = true,
    };

    public static TheoryData<ProjectStatus, ProjectStatus> AllPairs()
    {
        var data = new TheoryData<ProjectStatus, ProjectStatus>();
        foreach (var from in Enum.GetValues<ProjectStatus>())
        {
            foreach (var to in Enum.GetValues<ProjectStatus>())
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Each_pair_is_allowed_exactly_as_domain_md_says(ProjectStatus from, ProjectStatus to)
    {
        // on_hold returns only to where it came from; Proposed stands in for "the state it left".
        ProjectStatus? beforeHold = from == ProjectStatus.OnHold ? ProjectStatus.Proposed : null;
        var returnsFromHold = from == ProjectStatus.OnHold && to == ProjectStatus.Proposed;
        var allowed = Allowed.TryGetValue((from, to), out var needsDecision) || returnsFromHold;

        var byCaller = Record.Exception(() => ProjectLifecycle.Transition(from, to, beforeHold, byDecision: false));
        var byDecision = Record.Exception(() => ProjectLifecycle.Transition(from, to, beforeHold, byDecision: true));

        if (!allowed)
        {
            Assert.IsType<DomainRuleException>(byCaller);
            Assert.IsType<DomainRuleException>(byDecision);
            Assert.NotEqual(ProjectLifecycle.DecisionRequiredType, ((DomainRuleException)byDecision).ProblemType);
        }
        else if (needsDecision)
        {
            Assert.Equal(ProjectLifecycle.DecisionRequiredType, Assert.IsType<DomainRuleException>(byCaller).ProblemType);
            Assert.Null(byDecision);
        }
        else
        {
            Assert.Null(byCaller);
            Assert.Null(byDecision);
        }
    }

    [Theory]
    [InlineData(ProjectStatus.Proposed)]
    [InlineData(ProjectStatus.Adopted)]
    [InlineData(ProjectStatus.InImplementation)]
    public void On_hold_remembers_the_state_it_left_and_returns_only_there(ProjectStatus left)
    {
        var (held, remembered) = ProjectLifecycle.Transition(left, ProjectStatus.OnHold, beforeHold: null, byDecision: false);
        var (back, cleared) = ProjectLifecycle.Transition(held, left, remembered, byDecision: false);
        var elsewhere = Record.Exception(() => ProjectLifecycle.Transition(held, ProjectStatus.Completed, remembered, byDecision: false));

        Assert.Equal(ProjectStatus.OnHold, held);
        Assert.Equal(left, remembered);
        Assert.Equal(left, back);
        Assert.Null(cleared);
        Assert.IsType<DomainRuleException>(elsewhere);
    }

    [Theory]
    [InlineData(ProjectStatus.Completed)]
    [InlineData(ProjectStatus.Discontinued)]
    public void Terminal_states_refuse_everything_even_a_decision(ProjectStatus closed)
    {
        foreach (var to in Enum.GetValues<ProjectStatus>())
        {
            var refused = Assert.IsType<DomainRuleException>(Record.Exception(() => ProjectLifecycle.Transition(closed, to, null, byDecision: true)));
            Assert.Equal(ProjectLifecycle.ProjectClosedType, refused.ProblemType);
        }

        Assert.Throws<DomainRuleException>(() => ProjectLifecycle.EnsureCategoryChange(closed, ProjectCategory.Potential, ProjectCategory.Lead, byDecision: true));
    }

    [Fact]
    public void A_category_change_needs_a_decision()
    {
        var refused = Assert.IsType<DomainRuleException>(Record.Exception(
            () => ProjectLifecycle.EnsureCategoryChange(ProjectStatus.Proposed, ProjectCategory.Potential, ProjectCategory.Lead, byDecision: false)));

        Assert.Equal(ProjectLifecycle.DecisionRequiredType, refused.ProblemType);
        ProjectLifecycle.EnsureCategoryChange(ProjectStatus.Proposed, ProjectCategory.Potential, ProjectCategory.Lead, byDecision: true);
    }

    [Fact]
    public void Enum_words_are_the_APIs_snake_case()
    {
        Assert.Equal("in_implementation", EnumText.ToText(ProjectStatus.InImplementation));
        Assert.Equal(ProjectStatus.OnHold, EnumText.Parse<ProjectStatus>("on_hold"));
    }
}
