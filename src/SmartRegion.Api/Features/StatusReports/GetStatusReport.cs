using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.StatusReports;

/// <summary>Reads one status report of a project, superseded or not (every role of the region).</summary>
public sealed class GetStatusReportRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/status-reports/{reportId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The status report's id.</summary>
    public Guid ReportId { get; set; }

    public static string BuildRoute(string slug, Guid projectId, Guid reportId) =>
        $"{CreateStatusReportRequest.BuildRoute(slug, projectId)}/{reportId:D}";
}

public sealed class GetStatusReportEndpoint(SmartRegionDb db) : Endpoint<GetStatusReportRequest, StatusReportResponse>
{
    public override void Configure()
    {
        Get(GetStatusReportRequest.Route);
        Description(
            b => b.WithName("getStatusReport").WithSummary("Read a status report of a project").WithTags("Status reports")
                .Returns<StatusReportResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead<PublicStatusReportResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetStatusReportRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        await ProjectAccess.RequireAsync(session, request.Slug, request.Id, caller);
        var row = await session.QuerySingleOrDefaultAsync<StatusReportRow>(StatusReportsSql.Get, new { Id = request.ReportId, ProjectId = request.Id })
            ?? throw ApiProblemException.NotFound($"Project {request.Id:D} has no status report {request.ReportId:D}.");
        var response = StatusReportResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(PublicStatusReportResponse.From(row)));
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
