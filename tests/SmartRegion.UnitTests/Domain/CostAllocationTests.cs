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

    [Fact]
    public void A_district_with_a_50_percent_share_carries_exactly_half_and_the_municipalities_split_the_rest_by_population()
    {
        // The district's population is the whole Kreis (280,000): by inhabitants it would carry 76 % of this project.
        var shares = CostAllocation.Allocate(100_000.00m, CostSharingKey.Population,
            [new("05570000", 280_000, null, IsDistrict: true), new("05570004", 52_000, null), new("05570008", 36_000, null)],
            districtSharePercent: 50m);

        // 50,000 split 52:36 is 29,545.4545… and 20,454.5454…: the odd cent goes to the larger remainder (Beckum).
        Assert.Equal([50_000.00m, 29_545.45m, 20_454.55m], shares.Select(s => s.Amount).ToArray());
        Assert.Equal([50.00m, 29.55m, 20.45m], shares.Select(s => s.Percent).ToArray());
        Assert.Equal(100_000.00m, shares.Sum(s => s.Amount));
    }

    [Fact]
    public void A_participating_district_without_a_configured_share_is_refused_with_what_to_configure()
    {
        var refused = Assert.Throws<DomainRuleException>(() => CostAllocation.Allocate(1_000m, CostSharingKey.Population,
            [new("05570000", 280_000, null, IsDistrict: true), new("05570004", 52_000, null)]));

        Assert.Equal(CostAllocation.DistrictShareMissingType, refused.ProblemType);
        Assert.Contains("districtSharePercent", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_district_share_applies_only_to_the_population_key_and_only_when_the_district_takes_part()
    {
        CostParticipant[] withDistrict = [new("05570000", 280_000, null, IsDistrict: true), new("05570004", 52_000, null)];
        CostParticipant[] municipalities = [new("05570004", 30_000, null), new("05570008", 10_000, null)];

        var equal = CostAllocation.Allocate(1_000.00m, CostSharingKey.Equal, withDistrict, districtSharePercent: 80m);
        var withoutDistrict = CostAllocation.Allocate(1_000.00m, CostSharingKey.Population, municipalities, districtSharePercent: 80m);
        var alone = CostAllocation.Allocate(1_000.00m, CostSharingKey.Population, [withDistrict[0]]);
        // A district needs no population of its own: its share is the setting.
        var unknownDistrictPopulation = CostAllocation.Allocate(1_000.00m, CostSharingKey.Population,
            [withDistrict[0] with { Population = null }, withDistrict[1]], districtSharePercent: 25m);

        Assert.Equal([500.00m, 500.00m], equal.Select(s => s.Amount).ToArray());
        Assert.Equal([750.00m, 250.00m], withoutDistrict.Select(s => s.Amount).ToArray());
        Assert.Equal([1_000.00m], alone.Select(s => s.Amount).ToArray());
        Assert.Equal([250.00m, 750.00m], unknownDistrictPopulation.Select(s => s.Amount).ToArray());
    }

    [Fact]
    public void Random_district_shares_always_give_the_district_its_percentage_and_add_up_to_the_cent()
    {
        var random = new Random(20261201);
        for (var run = 0; run < 1_000; run++)
        {
            var total = random.NextInt64(0, 10_000_000_000) / 100m;
            var percent = random.Next(0, 10_001) / 100m;
            var participants = new List<CostParticipant> { new("05570000", 280_000, null, IsDistrict: true) };
            participants.AddRange(Enumerable.Range(1, random.Next(1, 14)).Select(i => new CostParticipant($"05570{i * 4:000}", random.Next(1, 300_000), null)));

            var shares = CostAllocation.Allocate(total, CostSharingKey.Population, participants, percent);

            var context = $"run {run}: {total} with {percent} % among {participants.Count}";
            Assert.True(total == shares.Sum(s => s.Amount), context);
            Assert.True(shares.Sum(s => s.Percent) == 100m, context);
            // The district's exact share is total × percent; largest remainder moves it by less than a cent.
            Assert.True(Math.Abs(shares[0].Amount - (total * percent / 100m)) < 0.01m, context);
        }
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
