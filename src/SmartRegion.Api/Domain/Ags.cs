namespace SmartRegion.Api.Domain;

/// <summary>
/// Amtlicher Gemeindeschlüssel: 8 digits, 2 Land + 1 Regierungsbezirk + 2 Kreis + 3 Gemeinde. The first five are
/// the Kreis key; the Kreis itself has Gemeinde part <c>000</c>.
/// </summary>
public static class Ags
{
    public const int Length = 8;
    public const int KreisKeyLength = 5;

    public static bool IsWellFormed(string? ags) => ags is { Length: Length } && ags.All(char.IsAsciiDigit);

    public static bool IsWellFormedKreisKey(string? key) => key is { Length: KreisKeyLength } && key.All(char.IsAsciiDigit);

    public static string DistrictAgs(string kreisKey) => kreisKey + "000";

    /// <summary>Why <paramref name="ags"/> cannot belong to a member of <paramref name="kind"/> in the given Kreis, or null.</summary>
    public static string? Problem(string ags, MemberKind kind, string kreisKey)
    {
        if (!ags.StartsWith(kreisKey, StringComparison.Ordinal))
        {
            return $"The AGS {ags} lies outside Kreis {kreisKey}: it must start with {kreisKey}.";
        }

        return kind switch
        {
            MemberKind.District when ags != DistrictAgs(kreisKey) =>
                $"The district's AGS must be {DistrictAgs(kreisKey)} (Kreis key followed by 000).",
            MemberKind.Municipality when ags == DistrictAgs(kreisKey) =>
                $"{ags} is the Kreis itself; a municipality's AGS ends in its own Gemeinde number.",
            _ => null,
        };
    }
}
