namespace SmartRegion.Api.Domain;

/// <summary>A committed lead or partner as the allocation sees it.</summary>
public sealed record CostParticipant(string Ags, int? Population, decimal? CustomPercent);

/// <summary>One member's share: percent (2 decimals) and EUR (cents).</summary>
public sealed record CostShare(string Ags, decimal Percent, decimal Amount);

/// <summary>
/// Splits a project's own cost among its committed lead and partner members by the project's key, in cents, with
/// the largest-remainder method: every member first gets the cents its exact share rounds down to, the cents left
/// over go one each to the largest remainders (ties: lower AGS first). The shares always add up to the total.
/// Percentages are split the same way in hundredths of a percent, so they add up to exactly 100.00.
/// </summary>
public static class CostAllocation
{
    public const string PopulationMissingType = "urn:smartregion:problem:population-missing";
    public const string CustomPercentInvalidType = "urn:smartregion:problem:custom-percent-invalid";

    public static IReadOnlyList<CostShare> Allocate(decimal total, CostSharingKey key, IReadOnlyList<CostParticipant> participants)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (participants.Count == 0)
        {
            return [];
        }

        var ordered = participants.OrderBy(p => p.Ags, StringComparer.Ordinal).ToList();
        var weights = Weights(key, ordered);
        var cents = Split(decimal.Round(total * 100m, MidpointRounding.AwayFromZero), weights);
        var hundredths = key == CostSharingKey.Custom
            ? ordered.Select(p => p.CustomPercent!.Value * 100m).ToList()
            : Split(10_000m, weights);
        return ordered.Select((p, i) => new CostShare(p.Ags, hundredths[i] / 100m, cents[i] / 100m)).ToList();
    }

    private static List<decimal> Weights(CostSharingKey key, List<CostParticipant> participants)
    {
        switch (key)
        {
            case CostSharingKey.Equal:
                return participants.Select(_ => 1m).ToList();
            case CostSharingKey.Population:
                var missing = participants.Where(p => p.Population is null or 0).Select(p => p.Ags).ToList();
                if (missing.Count > 0)
                {
                    throw new DomainRuleException(PopulationMissingType, "Population missing",
                        $"The population key needs every committed member's population; missing for: {string.Join(", ", missing)}.");
                }

                return participants.Select(p => (decimal)p.Population!.Value).ToList();
            case CostSharingKey.Custom:
                var sum = participants.Sum(p => p.CustomPercent ?? 0m);
                if (participants.Any(p => p.CustomPercent is null) || sum != 100m)
                {
                    throw new DomainRuleException(CustomPercentInvalidType, "Custom percentages do not add up",
                        $"The custom key needs a percentage for every committed lead and partner, adding up to exactly 100; they add up to {sum:0.##}"
                        + (participants.Any(p => p.CustomPercent is null)
                            ? $" and are missing for: {string.Join(", ", participants.Where(p => p.CustomPercent is null).Select(p => p.Ags))}."
                            : "."));
                }

                return participants.Select(p => p.CustomPercent!.Value).ToList();
            default:
                throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown cost-sharing key.");
        }
    }

    /// <summary>Largest remainder: whole units by weight, leftovers to the largest fractions (earlier index wins ties).</summary>
    private static List<decimal> Split(decimal units, List<decimal> weights)
    {
        var totalWeight = weights.Sum();
        var exact = weights.Select(w => units * w / totalWeight).ToList();
        var whole = exact.Select(decimal.Floor).ToList();
        var left = units - whole.Sum();
        foreach (var index in exact.Select((value, i) => (Fraction: value - whole[i], Index: i))
                     .OrderByDescending(x => x.Fraction).ThenBy(x => x.Index).Take((int)left).Select(x => x.Index))
        {
            whole[index] += 1m;
        }

        return whole;
    }
}
