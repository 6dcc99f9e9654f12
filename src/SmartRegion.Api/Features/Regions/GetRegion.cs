using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>Reads one region. Public callers of a region with <c>publicRead</c> get the same fields: none of them is personal.</summary>
public sealed class GetRegionRequest
{
    public const string Route = "/api/v1/regions/{slug}";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}";
}

public sealed class GetRegionEndpoint(SmartRegionDb db) : Endpoint<GetRegionRequest, RegionResponse>
{
    public override void Configure()
    {
        Get(GetRegionRequest.Route);
        Description(
            b => b.WithName("getRegion").WithSummary("Read a region").WithTags("Regions")
                .Returns<RegionResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetRegionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = RegionResponse.From(region);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
