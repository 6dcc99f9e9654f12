using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>Reads one funding source of a project (every role of the region).</summary>
public sealed class GetFundingSourceRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/funding/{fundingId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    /// <summary>The funding source's id.</summary>
    public Guid FundingId { get; set; }

    public static string BuildRoute(string slug, Guid projectId, Guid fundingId) => $"{AddFundingSourceRequest.BuildRoute(slug, projectId)}/{fundingId:D}";
}

public sealed class GetFundingSourceEndpoint(SmartRegionDb db) : Endpoint<GetFundingSourceRequest, FundingSourceResponse>
{
    public override void Configure()
    {
        Get(GetFundingSourceRequest.Route);
        Description(
            b => b.WithName("getFundingSource").WithSummary("Read a funding source of a project").WithTags("Projects")
                .Returns<FundingSourceResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetFundingSourceRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (_, project) = await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var response = FundingSourceResponse.From(FundingRules.RequireSource(project, request.FundingId));
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
