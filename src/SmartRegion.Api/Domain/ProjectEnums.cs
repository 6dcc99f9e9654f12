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
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum Parse<TEnum>(string text)
        where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            if (ToText(value) == text)
            {
                return value;
            }
        }

        throw new InvalidOperationException($"Unknown {typeof(TEnum).Name} '{text}' in the database.");
    }
}
