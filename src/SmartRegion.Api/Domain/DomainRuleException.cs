namespace SmartRegion.Api.Domain;

/// <summary>
/// A domain rule refused an operation that is well-formed but not allowed in the current state. The API answers
/// with 409 and this problem type.
/// </summary>
public sealed class DomainRuleException(string problemType, string title, string message) : Exception(message)
{
    public string ProblemType { get; } = problemType;

    public string Title { get; } = title;
}
