namespace SmartRegion.Api.Domain;

/// <summary>A committed lead or partner as the allocation sees it.</summary>
/// <param name="Ags">The member's AGS.</param>
/// <param name="Population">The member's population, if known (the district's is the whole Kreis).</param>
/// <param name="CustomPercent">The member's percentage under the custom key.</param>
/// <param name="IsDistrict">Whether the member is the region's district (Kreis): under the population key it carries the region's district share.</param>
public sealed record CostParticipant(string Ags, int? Population, decimal? CustomPercent, bool IsDistrict = false);

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
    public const string DistrictShareMissingType = "urn:smartregion:problem:district-share-missing";

    /// <param name="total">The own cost to split (EUR).</param>
    /// <param name="key">The project's cost-sharing key.</param>
    /// <param name="participants">The committed leads and partners.</param>
    /// <param name="districtSharePercent">
    /// The region's <c>districtSharePercent</c>: under the population key a participating district carries this
    /// percentage and the municipalities split the rest by population, because the district's population is the whole
    /// Kreis and would count every resident twice. Required (409 otherwise) only when the district takes part.
    /// </param>
    public static IReadOnlyList<CostShare> Allocate(decimal total, CostSharingKey key, IReadOnlyList<CostParticipant> participants, decimal? districtSharePercent = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (participants.Count == 0)
        {
            return [];
        }

        var ordered = participants.OrderBy(p => p.Ags, StringComparer.Ordinal).ToList();
        var weights = Weights(key, ordered, districtSharePercent);
        var cents = Split(decimal.Round(total * 100m, MidpointRounding.AwayFromZero), weights);
        var hundredths = key == CostSharingKey.Custom
            ? ordered.Select(p => p.CustomPercent!.Value * 100m).ToList()
            : Split(10_000m, weights);
        return ordered.Select((p, i) => new CostShare(p.Ags, hundredths[i] / 100m, cents[i] / 100m)).ToList();
    }

    private static List<decimal> Weights(CostSharingKey key, List<CostParticipant> participants, decimal? districtSharePercent)
    {
        switch (key)
        {
            case CostSharingKey.Equal:
                return participants.Select(_ => 1m).ToList();
            case CostSharingKey.Population:
                return PopulationWeights(participants, districtSharePercent);
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

    /// <summary>
    /// Each municipality by its population; a participating district first takes <paramref name="districtSharePercent"/>
    /// of the whole and the municipalities split the rest by population. The weights are whole numbers scaled by 100
    /// (percent × population sum), so the split stays exact.
    /// </summary>
    private static List<decimal> PopulationWeights(List<CostParticipant> participants, decimal? districtSharePercent)
    {
        var district = participants.Any(p => p.IsDistrict);
        var municipalities = participants.Where(p => !p.IsDistrict).ToList();
        var missing = municipalities.Where(p => p.Population is null or 0).Select(p => p.Ags).ToList();
        if (missing.Count > 0)
        {
            throw new DomainRuleException(PopulationMissingType, "Population missing",
                $"The population key needs every committed municipality's population; missing for: {string.Join(", ", missing)}.");
        }

        if (!district)
        {
            return participants.Select(p => (decimal)p.Population!.Value).ToList();
        }

        if (municipalities.Count == 0)
        {
            // The district alone carries everything, whatever the setting says.
            return participants.Select(_ => 1m).ToList();
        }

        if (districtSharePercent is not { } percent)
        {
            throw new DomainRuleException(DistrictShareMissingType, "District share not configured",
                "The district takes part in a project with the population key, and its population is the whole Kreis, so it would count every "
                + "resident twice. Set the region's districtSharePercent (PUT /api/v1/regions/{slug}), the share the district carries before the "
                + "municipalities split the rest by population, or use the equal or custom key for this project.");
        }

        decimal populationSum = municipalities.Sum(p => (decimal)p.Population!.Value);
        return participants.Select(p => p.IsDistrict ? percent * populationSum : (100m - percent) * p.Population!.Value).ToList();
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
