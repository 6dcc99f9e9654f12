using FluentValidation;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>The fields the add and update bodies of a funding source share, so both are checked by one set of rules.</summary>
public interface IFundingFields
{
    string Programme { get; }

    string FundingBody { get; }

    decimal? Amount { get; }

    FundingStatus? Status { get; }

    DateOnly? DecisionDate { get; }

    string? Reference { get; }
}

/// <summary>
/// Field limits (the column widths of <c>FundingSources</c>) and the rules every funding change follows: it is a
/// change of its project, so it needs an open project, gives the project a new version and appears in its history.
/// </summary>
public static class FundingRules
{
    public const int ProgrammeMaxLength = 200;
    public const int FundingBodyMaxLength = 200;
    public const int ReferenceMaxLength = 100;

    /// <summary>What a funding change did, as the history's reason and the change record's <c>action</c> say it.</summary>
    public const string Added = "added";
    public const string Updated = "updated";
    public const string Removed = "removed";

    /// <summary>The funding source of the project, or 404 (also for another project's funding source).</summary>
    public static FundingRow RequireSource(ProjectAggregate project, Guid fundingId) =>
        project.Funding.FirstOrDefault(source => source.Id == fundingId)
            ?? throw ApiProblemException.NotFound($"Project {project.Project.Code} has no funding source {fundingId:D}.");

    /// <summary>
    /// A completed or discontinued project keeps the funding it ended with: its own cost is history by then, and a
    /// later change would silently alter what the members were told they carry.
    /// </summary>
    public static void EnsureOpen(ProjectRow project)
    {
        if (ProjectLifecycle.IsTerminal(project.StatusValue))
        {
            throw ApiProblemException.Conflict(ProjectLifecycle.ProjectClosedType, "Project is closed",
                $"The project is {project.Status}; the funding of a closed project cannot change.");
        }
    }

    /// <summary>
    /// Records a funding change as a change of <paramref name="project"/> in the caller's transaction: a new project
    /// version (409 when another request changed the project since it was read), a history entry and a change record.
    /// </summary>
    public static async Task RecordChangeAsync(
        DbSession session, ProjectRow project, string action, FundingRow source, IReadOnlyList<string>? changed, string actor, DateTimeOffset now)
    {
        if (await session.ExecuteAsync(ProjectsSql.Touch, new { project.Id, UpdatedAt = now, ExpectedVersion = project.Version }) == 0)
        {
            throw Preconditions.ConcurrentChange("project");
        }

        var reason = changed is { Count: > 0 } ? $"{action}: {source.Programme} ({string.Join(", ", changed)})" : $"{action}: {source.Programme}";
        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(
            project.Id, ProjectHistoryKinds.FundingChanged, actor, now, ChangedFields: ["funding"], Reason: reason));
        await ChangeLog.RecordAsync(session, new ChangeEntry(project.RegionId, ProjectRules.EntityType, project.Id.ToString("D"), ProjectHistoryKinds.FundingChanged, actor, now,
            new { action, fundingId = source.Id, programme = source.Programme, amount = source.Amount, status = source.Status, changed }));
    }
}

/// <summary>Shape rules of the fields add and update share.</summary>
public sealed class FundingFieldsRules : AbstractValidator<IFundingFields>
{
    public FundingFieldsRules()
    {
        RuleFor(f => f.Programme).NotEmpty().MaximumLength(FundingRules.ProgrammeMaxLength);
        RuleFor(f => f.FundingBody).NotEmpty().MaximumLength(FundingRules.FundingBodyMaxLength);
        RuleFor(f => f.Amount)
            .NotNull()
            .GreaterThanOrEqualTo(0m).WithMessage("The amount must not be negative.", "Der Betrag darf nicht negativ sein.")
            .PrecisionScale(18, 2, ignoreTrailingZeros: true).WithMessage("The amount is EUR with at most 2 decimals (and at most 16 digits before the point).", "Der Betrag ist ein Euro-Betrag mit höchstens 2 Nachkommastellen (und höchstens 16 Stellen vor dem Komma).");
        RuleFor(f => f.Status).NotNull().IsInEnum();
        RuleFor(f => f.Reference).MaximumLength(FundingRules.ReferenceMaxLength);
        RuleFor(f => f.Amount).LessThanOrEqualTo(MoneyAttribute.Max);
    }
}
