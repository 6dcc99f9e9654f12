using FluentValidation;

namespace SmartRegion.Api.Http;

/// <summary>
/// The validator side of <see cref="PercentAttribute"/>: a percentage of the API is 0–100 with at most 2 decimals
/// (the OpenAPI schema's bounds and <c>multipleOf</c> come from the attribute).
/// </summary>
public static class PercentRules
{
    public static IRuleBuilderOptions<T, decimal?> IsPercentage<T>(this IRuleBuilder<T, decimal?> rule) =>
        rule.InclusiveBetween(0m, 100m).WithMessage("The percentage is 0 to 100.", "Der Prozentsatz liegt zwischen 0 und 100.")
            .PrecisionScale(5, 2, ignoreTrailingZeros: true).WithMessage("The percentage has at most 2 decimals.", "Der Prozentsatz hat höchstens 2 Nachkommastellen.");
}
