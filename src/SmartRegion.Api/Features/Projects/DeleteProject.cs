using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Deletes a draft project (the region's coordinator, or a member withdrawing its own draft). A project that has
/// left the draft state stays on record: it is discontinued through a Lenkungskreis decision instead (409).
/// </summary>
public sealed class DeleteProjectRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => GetProjectRequest.BuildRoute(slug, id);
}

public sealed class DeleteProjectEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteProjectRequest>
{
    public override void Configure()
    {
        Delete(DeleteProjectRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("deleteProject").WithSummary("Delete (withdraw) a draft project").WithTags("Projects")
                .ReturnsNoContent()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteProjectRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var (region, current) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                var project = current.Project;
                ProjectAccess.EnsureCanEdit(caller, project);
                Preconditions.EnsureCurrent(expectedVersion, project.Version);
                if (project.StatusValue != ProjectStatus.Draft)
                {
                    throw ApiProblemException.Conflict(ProjectRules.OnlyDraftsDeletableType, "Only drafts can be deleted",
                        $"The project is {project.Status}; discontinue it through a Lenkungskreis decision instead.");
                }

                // Themes, funding and history rows cascade away with the project; the change feed keeps the record.
                if (await session.ExecuteAsync(Sql.Delete, new { project.Id, ExpectedVersion = project.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, ProjectRules.EntityType, project.Id.ToString("D"), "deleted", caller.Actor, now,
                    new { code = project.Code, title = project.Title }));
            },
            ct);

        await Send.NoContentAsync(ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Delete = SqlStatement.Shared(
            "DELETE FROM Projects WHERE Id = @Id AND Version = @ExpectedVersion");
    }
}
