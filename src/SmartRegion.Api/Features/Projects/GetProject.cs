using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>Reads one project with its themes and funding (every role of the region).</summary>
public sealed class GetProjectRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateProjectRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetProjectEndpoint(SmartRegionDb db, Clock clock) : Endpoint<GetProjectRequest, ProjectResponse>
{
    public override void Configure()
    {
        Get(GetProjectRequest.Route);
        Description(
            b => b.WithName("getProject").WithSummary("Read a project with its themes and funding").WithTags("Projects")
                .Returns<ProjectResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetProjectRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (region, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var response = ProjectResponse.From(project, ReportingPolicy.At(region.ReportingIntervalDays, clock.Now()));
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
