using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>Finds a participation of a project the caller may see; 404 for an unknown project, member or participation.</summary>
public static class ParticipationAccess
{
    public static async Task<ParticipationRow> RequireAsync(DbSession session, string slug, Guid projectId, string ags, Caller caller)
    {
        var (_, project) = await ProjectAccess.RequireAsync(session, slug, projectId, caller);
        return await session.QuerySingleOrDefaultAsync<ParticipationRow>(ParticipationsSql.Get, new { ProjectId = project.Project.Id, Ags = ags })
            ?? throw ApiProblemException.NotFound($"Member {ags} has no participation in project {projectId:D}.");
    }
}
