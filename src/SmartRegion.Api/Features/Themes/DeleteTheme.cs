using System.Globalization;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>
/// Deletes a theme (admin, or the region's coordinator). A theme that projects still carry cannot be deleted (409):
/// remove it from those projects first, so no project loses a tag without its own recorded edit.
/// </summary>
public sealed class DeleteThemeRequest
{
    public const string Route = "/api/v1/regions/{slug}/themes/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => GetThemeRequest.BuildRoute(slug, id);
}

public sealed class DeleteThemeEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteThemeRequest>
{
    public override void Configure()
    {
        Delete(DeleteThemeRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("deleteTheme").WithSummary("Delete a theme that no project carries").WithTags("Themes")
                .ReturnsNoContent()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteThemeRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = await ThemeAccess.RequireAsync(session, region, request.Id);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                // A clear answer for the common case; a project tagged concurrently is refused by the foreign key,
                // which the exception handler answers with the same 409 type.
                var projects = await session.ExecuteScalarAsync<int>(Sql.CountProjects, new { ThemeId = current.Id });
                if (projects > 0)
                {
                    throw ApiProblemException.Conflict(ProblemTypes.InUse, "Theme in use", string.Create(CultureInfo.InvariantCulture,
                        $"The theme '{current.Name}' is assigned to {projects} project(s); remove it from them before deleting it."));
                }

                if (await session.ExecuteAsync(Sql.Delete, new { current.Id, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, ThemesChanges.EntityType, ThemesChanges.EntityId(current.Id), "deleted", caller.Actor, now,
                    new { name = current.Name }));
            },
            ct);

        await Send.NoContentAsync(ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement CountProjects = SqlStatement.Shared(
            "SELECT COUNT(*) FROM ProjectThemes WHERE ThemeId = @ThemeId");

        public static readonly SqlStatement Delete = SqlStatement.Shared(
            "DELETE FROM Themes WHERE Id = @Id AND Version = @ExpectedVersion");
    }
}
