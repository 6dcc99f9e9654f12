using System.Text.Json;
using FluentValidation.Results;

namespace SmartRegion.Api.Http;

/// <summary>Builds the problem body for FastEndpoints' validation and JSON binding failures.</summary>
public static class ValidationProblems
{
    public static object Build(List<ValidationFailure> failures, HttpContext context, int status)
    {
        var errors = failures
            .GroupBy(failure => FieldName(failure.PropertyName))
            .ToDictionary(group => group.Key, group => group.Select(failure => NamePath(failure, group.Key)).Distinct().ToArray());
        return new ProblemResponse
        {
            Type = status == StatusCodes.Status400BadRequest ? ProblemTypes.Validation : ProblemTypes.Conflict,
            Title = Localized.Text("Invalid request", "Ungültige Anfrage"),
            Status = status,
            Detail = Localized.Text("One or more fields are invalid; see errors.", "Ein oder mehrere Felder sind ungültig; siehe errors."),
            TraceId = TraceIds.For(context),
            Errors = errors,
        };
    }

    /// <summary>Turns a System.Text.Json failure into a field error that does not echo internal type names.</summary>
    public static ValidationFailure FromJsonException(JsonException exception)
    {
        var path = exception.Path is null or "$" ? "body" : exception.Path.TrimStart('$', '.');
        if (UnknownProperty(exception) is { } property)
        {
            // System.Text.Json's path already ends with the property ($.councilResolution.minutes).
            return new ValidationFailure(path == "body" ? property : path, Localized.Text(
                $"The property '{property}' is not part of this request.",
                $"Die Eigenschaft '{property}' gehört nicht zu dieser Anfrage."));
        }

        var message = exception.Path is null or "$"
            ? Localized.Text("The request body is not valid JSON.", "Der Anfrageinhalt ist kein gültiges JSON.")
            : exception is TimestampException
                ? Localized.Text(Timestamps.Message, Timestamps.GermanMessage)
                : Localized.Text(
                    "The value is not valid here (wrong JSON type, unknown value or malformed JSON).",
                    "Der Wert ist hier nicht gültig (falscher JSON-Typ, unbekannter Wert oder fehlerhaftes JSON).");
        return new ValidationFailure(path, message);
    }

    /// <summary>
    /// The property a <c>JsonUnmappedMemberHandling.Disallow</c> refusal names, or null for other failures.
    /// System.Text.Json has no dedicated exception type for it, only this (English, not localised) message.
    /// </summary>
    private static string? UnknownProperty(JsonException exception)
    {
        const string start = "The JSON property '";
        const string end = "' could not be mapped to any .NET member";
        var message = exception.Message;
        var stop = message.IndexOf(end, StringComparison.Ordinal);
        return message.StartsWith(start, StringComparison.Ordinal) && stop > start.Length ? message[start.Length..stop] : null;
    }

    /// <summary>
    /// FluentValidation's messages quote the display name, which the global resolver makes the camelCase member name
    /// (<c>'ags'</c>); inside collections and nested objects the message names the whole path like the errors key does
    /// (<c>'votes[0].ags'</c>).
    /// </summary>
    private static string NamePath(ValidationFailure failure, string field)
    {
        if (failure.FormattedMessagePlaceholderValues?.TryGetValue("PropertyName", out var value) != true
            || value is not string displayName
            || displayName.Length == 0
            || displayName == field)
        {
            return failure.ErrorMessage;
        }

        return failure.ErrorMessage.Replace($"'{displayName}'", $"'{field}'", StringComparison.Ordinal);
    }

    /// <summary>The camelCase JSON name of a member, as FluentValidation's display name (set once at startup).</summary>
    public static string? DisplayName(Type type, System.Reflection.MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression) =>
        member is null ? null : member.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute), inherit: true)
            .OfType<System.Text.Json.Serialization.JsonPropertyNameAttribute>().FirstOrDefault()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(member.Name);

    private static string FieldName(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName) || propertyName == "GeneralErrors")
        {
            return "body";
        }

        return string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : JsonNamingPolicy.CamelCase.ConvertName(part)));
    }
}
