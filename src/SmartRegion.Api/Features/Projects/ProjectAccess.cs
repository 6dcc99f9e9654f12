using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>Finds a project in a region the caller may see (404 otherwise) and says what the caller may do with it.</summary>
public static class ProjectAccess
{
    public static async Task<(RegionRow Region, ProjectAggregate Project)> RequireAsync(DbSession session, string slug, Guid id, Caller caller)
    {
        var region = await RegionAccess.RequireVisibleAsync(session, slug, caller);
        var project = await ProjectsSql.LoadAsync(session, region.Id, id)
            ?? throw Missing(slug, id);
        return (region, project);
    }

    /// <summary>The 404 of a project that is not in the region.</summary>
    public static ApiProblemException Missing(string slug, Guid id) => ApiProblemException.NotFound($"There is no project {id} in region '{slug}'.");

    /// <summary>The project with everything it shows, for callers without a principal (the demo seed); null when there is none.</summary>
    public static Task<ProjectAggregate?> FindAsync(DbSession session, Guid regionId, Guid id) => ProjectsSql.LoadAsync(session, regionId, id);

    /// <summary>The region's project with this code, or null.</summary>
    public static async Task<ProjectAggregate?> FindByCodeAsync(DbSession session, Guid regionId, string code) =>
        await session.QuerySingleOrDefaultAsync<Guid?>(ProjectRules.Sql.IdByCode, new { RegionId = regionId, Code = code }) is { } id
            ? await ProjectsSql.LoadAsync(session, regionId, id)
            : null;

    /// <summary>
    /// Coordinators edit every project of their region; a member only its own drafts (it proposed them); nobody else.
    /// </summary>
    public static void EnsureCanEdit(Caller caller, ProjectRow project)
    {
        if (caller.IsCoordinator)
        {
            return;
        }

        if (caller.IsMember && project.ProposedBy == caller.Ags && project.StatusValue == ProjectStatus.Draft)
        {
            return;
        }

        throw ApiProblemException.Forbidden(caller.IsMember
            ? "A member may change only its own draft projects."
            : "Only the region's coordinator may change this project.");
    }
}
