using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>Lists the decisions about one project, oldest first (every role of the region).</summary>
public sealed class ListProjectDecisionsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/decisions";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetProjectRequest.BuildRoute(slug, id)}/decisions";
}

public sealed class ListProjectDecisionsValidator : Validator<ListProjectDecisionsRequest>
{
    public ListProjectDecisionsValidator() => Include(new PageQueryRules());
}

public sealed class ListProjectDecisionsEndpoint(SmartRegionDb db) : Endpoint<ListProjectDecisionsRequest, Page<DecisionResponse>>
{
    public override void Configure()
    {
        Get(ListProjectDecisionsRequest.Route);
        Description(
            b => b.WithName("listProjectDecisions").WithSummary("List the decisions about a project, oldest first").WithTags("Decisions")
                .ReturnsPage<DecisionResponse>()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListProjectDecisionsRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        var caller = Caller.From(User);
        var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
        await Send.OkAsync(await DecisionPages.ReadAsync(session, HttpContext, region.Id, request, project.Project.Id, !caller.SeesNonPublicAgenda), ct);
    }
}
