using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>The editable fields of an agenda item, shared by add and update.</summary>
public interface IAgendaItemFields
{
    string Number { get; }

    string Title { get; }

    string? Description { get; }

    List<Guid>? ProjectIds { get; }
}

/// <summary>Shape rules for an agenda item (the widths of the <c>AgendaItems</c> columns).</summary>
public sealed class AgendaItemFieldsRules : AbstractValidator<IAgendaItemFields>
{
    public AgendaItemFieldsRules()
    {
        RuleFor(r => r.Number).NotEmpty().MaximumLength(MeetingRules.AgendaNumberMaxLength);
        RuleFor(r => r.Title).NotEmpty().MaximumLength(MeetingRules.TitleMaxLength);
        RuleFor(r => r.Description).MaximumLength(MeetingRules.AgendaDescriptionMaxLength);
        RuleFor(r => r.ProjectIds).AtMostMaxItems();
        RuleFor(r => r.ProjectIds)
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count).WithMessage("Name each project only once.", "Jedes Projekt darf nur einmal genannt werden.");
    }
}

/// <summary>Agenda rules that need the database: projects of the region, numbers unique per meeting.</summary>
public static class AgendaItemRules
{
    /// <summary>A failure on <c>projectIds</c> naming every id that is not a project of the region.</summary>
    public static async Task<ValidationFailure?> CheckProjectsAsync(DbSession session, Guid regionId, IReadOnlyCollection<Guid> projectIds)
    {
        if (projectIds.Count == 0)
        {
            return null;
        }

        var ids = SqlIdList.Of(projectIds);
        var known = (await session.QueryAsync<Guid>(MeetingsSql.ProjectsInRegion, new { RegionId = regionId, ProjectIds = ids })).ToHashSet();
        var unknown = projectIds.Where(id => !known.Contains(id)).ToList();
        return unknown.Count == 0
            ? null
            : new ValidationFailure("projectIds", $"Not projects of this region: {string.Join(", ", unknown)}.");
    }

    public static async Task EnsureNumberIsFreeAsync(DbSession session, Guid meetingId, string number, Guid? self = null)
    {
        if (await session.QuerySingleOrDefaultAsync<Guid?>(MeetingsSql.AgendaIdByNumber, new { MeetingId = meetingId, NumberKey = TextKeys.ForReference(number) }) is { } holder && holder != self)
        {
            throw DuplicateNumber(number);
        }
    }

    public static ApiProblemException DuplicateNumber(string number) =>
        ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate number", $"The meeting already has an agenda item '{number}'.");

    public static ApiProblemException NotFound(Guid meetingId, Guid itemId) =>
        ApiProblemException.NotFound($"Meeting {meetingId} has no agenda item {itemId}.");
}
