using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>The fields a project's create and update bodies share, so both are checked by one set of rules.</summary>
public interface IProjectFields
{
    string Code { get; }

    string Title { get; }

    string? Summary { get; }

    string? Description { get; }

    Guid? FieldOfActionId { get; }

    List<Guid>? Themes { get; }

    DateOnly? PlannedStart { get; }

    DateOnly? PlannedEnd { get; }

    decimal? EstimatedCost { get; }

    CostSharingKey? CostSharingKey { get; }
}

/// <summary>Field limits (the column widths of the schema) and shared rules of the project use cases.</summary>
public static partial class ProjectRules
{
    public const int CodeMaxLength = 20;
    public const int TitleMaxLength = 200;
    public const int SummaryMaxLength = 1000;
    public const int DescriptionMaxLength = 20000;
    public const int SearchMaxLength = 100;

    /// <summary>The width of <c>Projects.SearchText</c>.</summary>
    public const int SearchTextMaxLength = 1300;

    /// <summary>Problem type of deleting a project that is no longer a draft.</summary>
    public const string OnlyDraftsDeletableType = "urn:smartregion:problem:only-drafts-deletable";

    /// <summary>Change-feed entity type of projects (the same word transitions and funding use).</summary>
    public const string EntityType = "project";

    public static bool IsWellFormedCode(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>
    /// The folded search text of a project. Folding can lengthen text (ß becomes ss), so it is cut to the column's
    /// width: only a search for words at the very end of an extreme summary can miss, never the write.
    /// </summary>
    public static string SearchTextFor(string code, string title, string? summary)
    {
        var text = SearchText.ForProject(code, title, summary);
        if (text.Length <= SearchTextMaxLength)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[SearchTextMaxLength - 1]) ? SearchTextMaxLength - 1 : SearchTextMaxLength;
        return text[..cut];
    }

    /// <summary>
    /// Checks what the validator cannot see: the field of action and the themes belong to the project's region.
    /// Returns field errors (camelCase names), empty when all is well.
    /// </summary>
    public static async Task<List<ValidationFailure>> CheckReferencesAsync(DbSession session, Guid regionId, Guid fieldOfActionId, IReadOnlyCollection<Guid> themes)
    {
        var failures = new List<ValidationFailure>();
        if (await session.ExecuteScalarAsync<int>(ProjectsSql.FieldOfActionInRegion, new { FieldOfActionId = fieldOfActionId, RegionId = regionId }) == 0)
        {
            failures.Add(new ValidationFailure("fieldOfActionId", $"The region has no field of action {fieldOfActionId:D}."));
        }

        var themeIds = SqlIdList.Of(themes);
        if (themeIds.Count > 0
            && await session.ExecuteScalarAsync<int>(ProjectsSql.CountRegionThemes, new { RegionId = regionId, ThemeIds = themeIds }) != themeIds.Count)
        {
            failures.Add(new ValidationFailure("themes", "Every theme must be one of the region's themes."));
        }

        return failures;
    }

    /// <summary>409 when another project of the region already has the code; a race is settled by the unique index.</summary>
    public static async Task EnsureCodeIsFreeAsync(DbSession session, Guid regionId, string code, Guid? self = null)
    {
        if (await session.QuerySingleOrDefaultAsync<Guid?>(Sql.IdByCode, new { RegionId = regionId, Code = code }) is { } holder && holder != self)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate code", $"The region already has a project with code '{code}'.");
        }
    }

    [GeneratedRegex("^[A-Z0-9]+(-[A-Z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    internal static class Sql
    {
        public static readonly SqlStatement IdByCode = SqlStatement.Shared(
            "SELECT Id FROM Projects WHERE RegionId = @RegionId AND Code = @Code");
    }
}

/// <summary>Shape rules of the fields create and update share; cross-row rules run in the endpoint.</summary>
public sealed class ProjectFieldsRules : AbstractValidator<IProjectFields>
{
    public ProjectFieldsRules()
    {
        RuleFor(p => p.Code).NotEmpty().MaximumLength(ProjectRules.CodeMaxLength)
            .Must(ProjectRules.IsWellFormedCode).WithMessage("The code uses upper-case letters and digits in groups joined by hyphens, e.g. LP-07.", "Der Code besteht aus Großbuchstaben und Ziffern in Gruppen, die durch Bindestriche verbunden sind, z. B. LP-07.");
        RuleFor(p => p.Title).NotEmpty().MaximumLength(ProjectRules.TitleMaxLength);
        RuleFor(p => p.Summary).MaximumLength(ProjectRules.SummaryMaxLength);
        RuleFor(p => p.Description).MaximumLength(ProjectRules.DescriptionMaxLength);
        RuleFor(p => p.FieldOfActionId).NotNull().NotEqual(Guid.Empty);
        RuleFor(p => p.Themes).AtMostMaxItems();
        RuleFor(p => p.Themes)
            .Must(themes => themes is null || themes.Distinct().Count() == themes.Count).WithMessage("Name each theme only once.", "Jedes Querschnittsthema darf nur einmal genannt werden.");
        RuleFor(p => p.PlannedEnd)
            .Must((project, end) => project.PlannedStart is not { } start || end is not { } finish || finish >= start)
            .WithMessage("The planned end must not be before the planned start.", "Das geplante Ende darf nicht vor dem geplanten Beginn liegen.");
        RuleFor(p => p.EstimatedCost)
            .GreaterThanOrEqualTo(0m).WithMessage("The estimated cost must not be negative.", "Die geschätzten Kosten dürfen nicht negativ sein.")
            .PrecisionScale(18, 2, ignoreTrailingZeros: true).WithMessage("The estimated cost is EUR with at most 2 decimals (and at most 16 digits before the point).", "Die geschätzten Kosten sind ein Euro-Betrag mit höchstens 2 Nachkommastellen (und höchstens 16 Stellen vor dem Komma).");
        RuleFor(p => p.CostSharingKey).NotNull();
        RuleFor(p => p.EstimatedCost).LessThanOrEqualTo(MoneyAttribute.Max);
    }
}
