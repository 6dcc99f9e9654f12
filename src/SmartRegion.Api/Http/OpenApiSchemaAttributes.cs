namespace SmartRegion.Api.Http;

/// <summary>
/// What a decimal in the API is, so the OpenAPI schema states its bounds and precision (<c>type: number</c>,
/// <c>multipleOf: 0.01</c>, <c>minimum</c>, <c>maximum</c>; never <c>format: double</c>). Every decimal property
/// of a request or response carries one: the document generator refuses one without.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public abstract class DecimalKindAttribute(decimal minimum, decimal maximum) : Attribute
{
    public decimal Minimum { get; } = minimum;

    public decimal Maximum { get; } = maximum;

    /// <summary>Every decimal of this API has at most 2 decimals (cents, hundredths of a percent or of an FTE).</summary>
    public static decimal MultipleOf => 0.01m;
}

/// <summary>An amount in EUR: 0 to <see cref="Max"/>, cents exact.</summary>
public sealed class MoneyAttribute() : DecimalKindAttribute(0m, Max)
{
    /// <summary>
    /// The largest amount the API takes or gives: below a trillion EUR, so every value with cents stays exact in an
    /// IEEE double (15 significant digits) and JSON clients that read numbers as doubles lose nothing.
    /// </summary>
    public const decimal Max = 999_999_999_999.99m;
}

/// <summary>A percentage: 0 to 100 with at most 2 decimals.</summary>
public sealed class PercentAttribute() : DecimalKindAttribute(0m, 100m);

/// <summary>
/// A value of a strategy indicator (baseline, target, measurement) in its own unit: may be negative (a change, a
/// balance), at most <see cref="Max"/> in magnitude, with at most 2 decimals.
/// </summary>
public sealed class MeasureAttribute() : DecimalKindAttribute(-Max, Max)
{
    public const decimal Max = 999_999_999_999.99m;
}

/// <summary>Staff in full-time equivalents (Vollzeitäquivalente): 0 to 1000 with at most 2 decimals.</summary>
public sealed class FteAttribute() : DecimalKindAttribute(0m, 1000m);

/// <summary>
/// A request body type with an example for the OpenAPI document: a realistic value a newcomer can send as it is
/// (route-bound properties are left out of the documented example).
/// </summary>
public interface IHasExample<TSelf>
    where TSelf : IHasExample<TSelf>
{
    static abstract TSelf Example { get; }
}
