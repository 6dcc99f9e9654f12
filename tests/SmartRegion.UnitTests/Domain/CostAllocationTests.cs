using SmartRegion.Api.Domain;

namespace SmartRegion.UnitTests.Domain;

/// <summary>The largest-remainder split: exact to the cent for every total, key and member set.</summary>
public sealed class CostAllocationTests
{
    [Fact]
    public void Random_totals_keys_and_members_always_add_up_to_the_cent()
    {
        // A fixed seed keeps failures reproducible; 2,000 cases cover odd totals, single members and large regions.
        var random = new Random(20251123);
        for (var run = 0; run < 2_000; run++)
        {
            var total = random.Next(0, 3) == 0 ? random.Next(0, 100) / 100m : random.NextInt64(0, 10_000_000_000) / 100m;
            var count = random.Next(1, 40);
            var key = (CostSharingKey)random.Next(0, 3);
            var participants = Enumerable.Range(0, count)
                .Select(i => new CostParticipant($"05570{i:000}", random.Next(1, 300_000), null))
                .ToList();
            if (key == CostSharingKey.Custom)
            {
                var percents = Split(random, count);
                participants = participants.Select((p, i) => p with { CustomPercent = percents[i] }).ToList();
            }

            var shares = CostAllocation.Allocate(total, key, participants);

            var context = $"run {run}: {total} by {key} among {count}";
            Assert.True(total == shares.Sum(s => s.Amount), context);
            Assert.True(shares.Sum(s => s.Percent) == 100m, context);
            Assert.All(shares, s => Assert.True(s.Amount >= 0 && s.Amount == decimal.Round(s.Amount, 2), context));
            if (key == CostSharingKey.Equal)
            {
                Assert.True(shares.Max(s => s.Amount) - shares.Min(s => s.Amount) <= 0.01m, context);
            }
        }
    }

    [Fact]
    public void Cents_left_over_go_to_the_largest_remainders()
    {
        var shares = CostAllocation.Allocate(100.00m, CostSharingKey.Equal, Members("05570004", "05570008", "05570012"));

        Assert.Equal([33.34m, 33.33m, 33.33m], shares.Select(s => s.Amount).ToArray());
        Assert.Equal([33.34m, 33.33m, 33.33m], shares.Select(s => s.Percent).ToArray());
    }

    [Fact]
    public void Population_shares_follow_the_inhabitants()
    {
        var shares = CostAllocation.Allocate(1_000.00m, CostSharingKey.Population,
            [new("05570004", 30_000, null), new("05570008", 10_000, null)]);

        Assert.Equal([750.00m, 250.00m], shares.Select(s => s.Amount).ToArray());
    }

    [Fact]
    public void A_missing_population_names_the_members()
    {
        var refused = Assert.Throws<DomainRuleException>(() => CostAllocation.Allocate(1_000m, CostSharingKey.Population,
            [new("05570004", 30_000, null), new("05570008", null, null), new("05570012", null, null)]));

        Assert.Equal(CostAllocation.PopulationMissingType, refused.ProblemType);
        Assert.Contains("05570008, 05570012", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(60, 39.99)]
    [InlineData(60, 40.01)]
    public void Custom_percentages_must_add_up_to_exactly_100(decimal first, decimal second)
    {
        var refused = Assert.Throws<DomainRuleException>(() => CostAllocation.Allocate(1_000m, CostSharingKey.Custom,
            [new("05570004", null, first), new("05570008", null, second)]));

        Assert.Equal(CostAllocation.CustomPercentInvalidType, refused.ProblemType);
    }

    [Fact]
    public void Custom_shares_keep_the_given_percentages()
    {
        var shares = CostAllocation.Allocate(999.99m, CostSharingKey.Custom, [new("05570004", null, 70m), new("05570008", null, 30m)]);

        Assert.Equal([70m, 30m], shares.Select(s => s.Percent).ToArray());
        Assert.Equal(999.99m, shares.Sum(s => s.Amount));
        Assert.Equal([699.99m, 300.00m], shares.Select(s => s.Amount).ToArray());
    }

    [Fact]
    public void Nobody_committed_means_no_shares()
    {
        Assert.Empty(CostAllocation.Allocate(500m, CostSharingKey.Equal, []));
    }

    private static List<CostParticipant> Members(params string[] ags) => ags.Select(a => new CostParticipant(a, null, null)).ToList();

    // Random percentages with 2 decimals that add up to exactly 100.
    private static List<decimal> Split(Random random, int count)
    {
        var cuts = Enumerable.Range(0, count - 1).Select(_ => random.Next(0, 10_001)).Order().ToList();
        var bounds = cuts.Prepend(0).Append(10_000).ToList();
        return Enumerable.Range(0, count).Select(i => (bounds[i + 1] - bounds[i]) / 100m).ToList();
    }
}
