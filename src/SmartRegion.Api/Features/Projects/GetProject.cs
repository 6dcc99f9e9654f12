using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
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

public sealed class GetProjectEndpoint(SmartRegionDb db, ReadCache readCache, Clock clock) : Endpoint<GetProjectRequest, ProjectResponse>
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
        // As the list: one state of the database and one date give one answer, whoever may see the region.
        var reads = readCache.Current();
        var region = await RegionAccess.RequireVisibleAsync(db, reads, request.Slug, Caller.From(User), ct);
        var reporting = ReportingPolicy.At(region.ReportingIntervalDays, clock.Now());
        var answer = await reads.AnswerAsync(JsonAnswer.CacheKey(HttpContext, reporting.Today), async () =>
        {
            await using var session = await db.OpenAsync(ct);
            var project = await ProjectAccess.FindAsync(session, region.Id, request.Id)
                ?? throw ProjectAccess.Missing(request.Slug, request.Id);
            var response = ProjectResponse.From(project, reporting);
            return JsonAnswer.Of(response, HttpContext, response.ETag());
        });
        await answer.SendAsync(HttpContext, ct);
    }
}
