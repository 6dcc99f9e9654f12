using System.Globalization;
using FluentValidation;

namespace SmartRegion.Api.Http;

/// <summary>
/// The service's own texts in English and German, chosen by the request's <c>Accept-Language</c> (through
/// <see cref="CultureInfo.CurrentUICulture"/>, which request localization sets). English unless German is asked for.
/// </summary>
public static class Localized
{
    public static bool IsGerman => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "de";

    public static string Text(string english, string german) => IsGerman ? german : english;

    /// <summary>
    /// A custom validation message in both languages, picked when the rule fails (not when the validator is built,
    /// since validators outlive requests). Every custom message uses this overload; a test refuses the
    /// single-language <c>WithMessage("…")</c>.
    /// </summary>
    public static IRuleBuilderOptions<T, TProperty> WithMessage<T, TProperty>(this IRuleBuilderOptions<T, TProperty> rule, string english, string german) =>
        rule.WithMessage(_ => Text(english, german));
}
