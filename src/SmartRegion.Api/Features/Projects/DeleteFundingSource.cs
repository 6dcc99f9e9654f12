using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Removes a funding source from a project (the region's coordinator, or a member for its own draft), with the
/// funding source's ETag in <c>If-Match</c>. The project gets a new version and a history entry.
/// </summary>
public sealed class DeleteFundingSourceRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/funding/{fundingId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The funding source's id.</summary>
    public Guid FundingId { get; set; }

    public static string BuildRoute(string slug, Guid projectId, Guid fundingId) => GetFundingSourceRequest.BuildRoute(slug, projectId, fundingId);
}

public sealed class DeleteFundingSourceEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteFundingSourceRequest>
{
    public override void Configure()
    {
        Delete(DeleteFundingSourceRequest.Route);
        Roles(RoleNames.Coordinator, RoleNames.Member);
        Description(
            b => b.WithName("deleteFundingSource").WithSummary("Remove a funding source from a project (changes the project's version)").WithTags("Projects")
                .ReturnsNoContent()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteFundingSourceRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
                var project = whole.Project;
                ProjectAccess.EnsureCanEdit(caller, project);
                var current = FundingRules.RequireSource(whole, request.FundingId);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                FundingRules.EnsureOpen(project);
                if (await session.ExecuteAsync(Sql.Delete, new { current.Id, current.ProjectId, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await FundingRules.RecordChangeAsync(session, project, FundingRules.Removed, current, changed: null, caller.Actor, now);
            },
            ct);

        await Send.NoContentAsync(ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Delete = SqlStatement.Shared(
            "DELETE FROM FundingSources WHERE Id = @Id AND ProjectId = @ProjectId AND Version = @ExpectedVersion");
    }
}
