using System.Diagnostics;
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
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).Distinct().ToArray());
        return new ProblemResponse
        {
            Type = status == StatusCodes.Status400BadRequest ? ProblemTypes.Validation : ProblemTypes.Conflict,
            Title = "Invalid request",
            Status = status,
            Detail = "One or more fields are invalid; see errors.",
            TraceId = Activity.Current?.Id ?? context.TraceIdentifier,
            Errors = errors,
        };
    }

    /// <summary>Turns a System.Text.Json failure into a field error that does not echo internal type names.</summary>
    public static ValidationFailure FromJsonException(JsonException exception)
    {
        var path = exception.Path is null or "$" ? "body" : exception.Path.TrimStart('$', '.');
        var message = exception.Path is null or "$"
            ? "The request body is not valid JSON."
            : exception is TimestampException
                ? Timestamps.Message
                : "The value is not valid here (wrong JSON type, unknown value or malformed JSON).";
        return new ValidationFailure(path, message);
    }

    private static string FieldName(string propertyName)
    {
        if (string.IsNullOrEmpty(propertyName) || propertyName == "GeneralErrors")
        {
            return "body";
        }

        return string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : JsonNamingPolicy.CamelCase.ConvertName(part)));
    }
}
