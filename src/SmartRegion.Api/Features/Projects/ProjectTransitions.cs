using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Performs a status or category change inside the caller's transaction: the domain rule check, the versioned
/// update, the history entry and the change record. The transition endpoint calls it with <c>byDecision: false</c>;
/// a Lenkungskreis decision calls it in its own transaction with its decision id, so that a refused change
/// refuses the whole decision.
/// </summary>
public static class ProjectTransitions
{
    public static async Task<ProjectRow> ChangeStatusAsync(
        DbSession session, ProjectRow project, ProjectStatus to, string? reason, string actor, DateTimeOffset now, Guid? decisionId = null)
    {
        var (status, beforeHold) = ProjectLifecycle.Transition(
            project.StatusValue,
            to,
            project.StatusBeforeHold is null ? null : EnumText.Parse<ProjectStatus>(project.StatusBeforeHold),
            byDecision: decisionId is not null);
        var updated = project with
        {
            Status = EnumText.ToText(status),
            StatusBeforeHold = beforeHold is null ? null : EnumText.ToText(beforeHold.Value),
            Version = project.Version + 1,
            UpdatedAt = now,
        };
        await SaveAsync(session, project, updated);
        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(
            project.Id, ProjectHistoryKinds.Transition, actor, now, project.Status, updated.Status, Reason: reason, DecisionId: decisionId));
        await ChangeLog.RecordAsync(session, new ChangeEntry(project.RegionId, "project", project.Id.ToString("D"), "transition", actor, now,
            new { from = project.Status, to = updated.Status, decisionId }, updated.Version));
        return updated;
    }

    public static async Task<ProjectRow> ChangeCategoryAsync(
        DbSession session, ProjectRow project, ProjectCategory to, string? reason, string actor, DateTimeOffset now, Guid? decisionId)
    {
        ProjectLifecycle.EnsureCategoryChange(project.StatusValue, project.CategoryValue, to, byDecision: decisionId is not null);
        var updated = project with { Category = EnumText.ToText(to), Version = project.Version + 1, UpdatedAt = now };
        await SaveAsync(session, project, updated);
        await ProjectHistoryLog.RecordAsync(session, new ProjectHistoryEntry(
            project.Id, ProjectHistoryKinds.CategoryChanged, actor, now, project.Status, updated.Status, ["category"], reason, decisionId));
        await ChangeLog.RecordAsync(session, new ChangeEntry(project.RegionId, "project", project.Id.ToString("D"), "category_changed", actor, now,
            new { from = project.Category, to = updated.Category, decisionId }, updated.Version));
        return updated;
    }

    private static async Task SaveAsync(DbSession session, ProjectRow before, ProjectRow after)
    {
        var changed = await session.ExecuteAsync(ProjectsSql.SetStatus, new
        {
            after.Id,
            after.Status,
            after.StatusBeforeHold,
            after.Category,
            after.UpdatedAt,
            ExpectedVersion = before.Version,
        });
        if (changed == 0)
        {
            throw Preconditions.StaleVersion();
        }
    }
}
