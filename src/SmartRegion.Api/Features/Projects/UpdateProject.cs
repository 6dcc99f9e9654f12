using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Replaces a project's editable fields (the region's coordinator, or a member for its own draft). Category and
/// status change only through transitions and Lenkungskreis decisions, and the proposer is fixed at creation, so
/// none of them is part of this body. Closed (completed or discontinued) projects cannot be edited.
/// </summary>
public sealed record UpdateProjectRequest : IProjectFields, IHasExample<UpdateProjectRequest>
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Unique in the region: upper-case letters and digits in groups joined by hyphens, at most 20 characters, e.g. <c>LP-07</c>.</summary>
    public string Code { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>At most 1000 characters; null or omitted clears it.</summary>
    public string? Summary { get; set; }

    /// <summary>At most 20000 characters; null or omitted clears it.</summary>
    public string? Description { get; set; }

    /// <summary>A field of action of this region.</summary>
    public Guid? FieldOfActionId { get; set; }

    /// <summary>Ids of themes of this region, each at most once; null or omitted removes all.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid>? Themes { get; set; }

    public DateOnly? PlannedStart { get; set; }

    /// <summary>Not before <c>plannedStart</c>.</summary>
    public DateOnly? PlannedEnd { get; set; }

    /// <summary>EUR, not negative, at most 2 decimals.</summary>
    [Money]
    public decimal? EstimatedCost { get; set; }

    /// <summary>How the project's own cost is split among committed members.</summary>
    public CostSharingKey? CostSharingKey { get; set; }

    /// <summary>
    /// Optional; when sent it must be the current category. A different one is refused with 409
    /// <c>urn:smartregion:problem:decision-required</c>: only a Lenkungskreis decision changes a project's category.
    /// </summary>
    public ProjectCategory? Category { get; set; }

    public static UpdateProjectRequest Example => new()
    {
        Code = "LP-07",
        Title = "Beispiel: Digitale Bürgerdienste",
        Summary = "Beispiel: Die 14 Verwaltungen bieten ihre häufigsten Leistungen gemeinsam online an.",
        Description = "Beispiel: Anträge wie Anwohnerparkausweis, Hundesteuer und Gewerbeanmeldung werden einmal digitalisiert und von allen teilnehmenden Kommunen genutzt; die Schnittstellen zum Bürgerportal kommen hinzu.",
        FieldOfActionId = new Guid("01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f"),
        Themes = [new Guid("01960f7d-4b5c-7d6e-8f70-8192a3b4c5d6")],
        PlannedStart = new DateOnly(2026, 1, 1),
        PlannedEnd = new DateOnly(2028, 6, 30),
        EstimatedCost = 287_450.50m,
        CostSharingKey = Domain.CostSharingKey.Population,
        Category = ProjectCategory.Lead,
    };

    public static string BuildRoute(string slug, Guid id) => GetProjectRequest.BuildRoute(slug, id);
}

public sealed class UpdateProjectValidator : Validator<UpdateProjectRequest>
{
    public UpdateProjectValidator() => Include(new ProjectFieldsRules());
}

public sealed class UpdateProjectEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Put(UpdateProjectRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("updateProject").WithSummary("Replace a project's editable fields (not category, status or proposer)").WithTags("Projects")
                .JsonBody<UpdateProjectRequest>()
                .Returns<ProjectResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateProjectRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var (region, current) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                ProjectAccess.EnsureCanEdit(caller, current.Project);
                Preconditions.EnsureCurrent(expectedVersion, current.Project.Version);
                var outcome = await ProjectUpdate.ReplaceAsync(session, region, current, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return (Region: region, Project: outcome.Project!);
            },
            ct);

        var response = ProjectResponse.From(updated.Project, ReportingPolicy.At(updated.Region.ReportingIntervalDays, now));
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>
/// The use case behind <c>updateProject</c>, for every caller that replaces a project's editable fields (the endpoint
/// and the spreadsheet import): the body's shape, the closed and category rules, the references into the region, the
/// free code, then the row with its themes, its "updated" history entry and its change record, in the caller's
/// transaction. The caller has found the project and checked the caller's rights and the expected version.
/// </summary>
public static class ProjectUpdate
{
    private static readonly UpdateProjectValidator Shape = new();

    /// <summary>What replacing gave: the project as it is now (unchanged for identical content), or the field errors that refused it.</summary>
    public sealed record Outcome(ProjectAggregate? Project, IReadOnlyList<ValidationFailure> Failures)
    {
        /// <summary>True when the content differed and a new version was stored.</summary>
        public bool Changed { get; init; }
    }

    public static async Task<Outcome> ReplaceAsync(
        DbSession session, RegionRow region, ProjectAggregate current, UpdateProjectRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var project = current.Project;
        if (ProjectLifecycle.IsTerminal(project.StatusValue))
        {
            throw ApiProblemException.Conflict(ProjectLifecycle.ProjectClosedType, "Project is closed",
                $"The project is {project.Status}; a closed project cannot be edited.");
        }

        if (request.Category is { } category && category != project.CategoryValue)
        {
            ProjectLifecycle.EnsureCategoryChange(project.StatusValue, project.CategoryValue, category, byDecision: false);
        }

        var themes = (request.Themes ?? []).Order().ToList();
        failures = await ProjectRules.CheckReferencesAsync(session, region.Id, request.FieldOfActionId!.Value, themes);
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        await ProjectRules.EnsureCodeIsFreeAsync(session, region.Id, request.Code, self: project.Id);

        var row = project with
        {
            Code = request.Code,
            Title = request.Title,
            Summary = request.Summary,
            Description = request.Description,
            FieldOfActionId = request.FieldOfActionId.Value,
            PlannedStart = request.PlannedStart,
            PlannedEnd = request.PlannedEnd,
            EstimatedCost = request.EstimatedCost,
            CostSharingKey = EnumText.ToText(request.CostSharingKey!.Value),
            SearchText = ProjectRules.SearchTextFor(request.Code, request.Title, request.Summary),
            Version = project.Version + 1,
            UpdatedAt = now,
        };
        var themesChanged = !themes.SequenceEqual(current.ThemeIds.Order());
        var changed = ChangedFields(project, row, themesChanged);
        // Replacing with identical content is a no-op: no new version, no history entry to wade through.
        if (changed.Length == 0)
        {
            return new Outcome(current, []);
        }

        if (await session.ExecuteAsync(Sql.Update, new
        {
            row.Id,
            row.Code,
            row.Title,
            row.Summary,
            row.Description,
            row.FieldOfActionId,
            row.PlannedStart,
            row.PlannedEnd,
            row.EstimatedCost,
            row.CostSharingKey,
            row.SearchText,
            row.UpdatedAt,
            ExpectedVersion = project.Version,
        }) == 0)
        {
            throw Preconditions.StaleVersion();
        }

        if (themesChanged)
        {
            await session.ExecuteAsync(ProjectsSql.DeleteThemes, new { ProjectId = row.Id });
            foreach (var theme in themes)
            {
                await session.ExecuteAsync(ProjectsSql.InsertTheme, new { ProjectId = row.Id, ThemeId = theme });
            }
        }

        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(row.Id, ProjectHistoryKinds.Updated, actor, now, ChangedFields: changed));
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, ProjectRules.EntityType, row.Id.ToString("D"), "updated", actor, now,
            new { changed }, row.Version));
        return new Outcome(current with { Project = row, ThemeIds = themes }, []) { Changed = true };
    }

    /// <summary>The JSON names of the fields that differ, for the history and the change feed.</summary>
    private static string[] ChangedFields(ProjectRow before, ProjectRow after, bool themesChanged) =>
        new[]
        {
            ("code", before.Code != after.Code),
            ("title", before.Title != after.Title),
            ("summary", before.Summary != after.Summary),
            ("description", before.Description != after.Description),
            ("fieldOfActionId", before.FieldOfActionId != after.FieldOfActionId),
            ("themes", themesChanged),
            ("plannedStart", before.PlannedStart != after.PlannedStart),
            ("plannedEnd", before.PlannedEnd != after.PlannedEnd),
            ("estimatedCost", before.EstimatedCost != after.EstimatedCost),
            ("costSharingKey", before.CostSharingKey != after.CostSharingKey),
        }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE Projects
            SET Code = @Code, Title = @Title, Summary = @Summary, Description = @Description, FieldOfActionId = @FieldOfActionId,
                PlannedStart = @PlannedStart, PlannedEnd = @PlannedEnd, EstimatedCost = @EstimatedCost, CostSharingKey = @CostSharingKey,
                SearchText = @SearchText, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
