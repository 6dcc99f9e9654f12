namespace SmartRegion.Api.Domain;

/// <summary>Leitprojekt (<c>lead</c>) or Potentialprojekt (<c>potential</c>).</summary>
public enum ProjectCategory
{
    Lead,
    Potential,
}

/// <summary>Where a project stands in its lifecycle (see <see cref="ProjectLifecycle"/>).</summary>
public enum ProjectStatus
{
    Draft,
    Proposed,
    Adopted,
    InImplementation,
    OnHold,
    Completed,
    Discontinued,
}

/// <summary>How a project's own cost is split among committed members (Kostenschlüssel).</summary>
public enum CostSharingKey
{
    Equal,
    Population,
    Custom,
}

/// <summary>Where a funding application stands.</summary>
public enum FundingStatus
{
    Planned,
    Applied,
    Granted,
    Rejected,
}

/// <summary>The lower snake_case words the API and the database use for the enums above.</summary>
public static class EnumText
{
    public static string ToText<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        Words<TEnum>.ByValue.TryGetValue(value, out var text) ? text : Word(value);

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum =>
        Words<TEnum>.ByText.TryGetValue(text, out var value)
            ? value
            : throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{text}' in the database.");

    private static string Word<TEnum>(TEnum value)
        where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>
    /// Each enum's words, computed once: rows are parsed by the thousand per list page, and converting every value's
    /// name for each parse allocated strings per row and column.
    /// </summary>
    private static class Words<TEnum>
        where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> ByValue = Enum.GetValues<TEnum>().Distinct().ToDictionary(value => value, Word);

        public static readonly Dictionary<string, TEnum> ByText = Enum.GetValues<TEnum>()
            .DistinctBy(Word, StringComparer.Ordinal).ToDictionary(Word, value => value, StringComparer.Ordinal);
    }
}
