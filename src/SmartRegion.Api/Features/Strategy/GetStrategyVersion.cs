using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Reads one version of the region's strategy, whatever its state, with each goal's progress (every role of the region).</summary>
public sealed class GetStrategyVersionRequest
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The strategy version's id.</summary>
    public Guid VersionId { get; set; }

    public static string BuildRoute(string slug, Guid versionId) => $"{CreateStrategyVersionRequest.BuildRoute(slug)}/{versionId:D}";
}

public sealed class GetStrategyVersionEndpoint(SmartRegionDb db) : Endpoint<GetStrategyVersionRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Get(GetStrategyVersionRequest.Route);
        Description(
            b => b.WithName("getStrategyVersion").WithSummary("Read a version of the region's strategy with its goals' progress").WithTags("Strategy")
                .Returns<StrategyVersionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetStrategyVersionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = await StrategySql.ResponseAsync(session, await StrategySql.RequireAsync(session, region, request.VersionId));
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>
/// Reads the region's strategy as it stands: the approved version, with each goal's progress towards its targets
/// (every role of the region). 404 while no version is approved.
/// </summary>
public sealed class GetStrategyRequest
{
    public const string Route = "/api/v1/regions/{slug}/strategy";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{GetRegionRequest.BuildRoute(slug)}/strategy";

    /// <summary>The approved version, or 404 naming what to do.</summary>
    public static async Task<StrategyVersionResponse> ApprovedAsync(DbSession session, RegionRow region)
    {
        var row = await session.QuerySingleOrDefaultAsync<StrategyVersionRow>(StrategySql.GetApproved, new { RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"Region '{region.Slug}' has no approved strategy version yet; list its versions at {CreateStrategyVersionRequest.BuildRoute(region.Slug)}.");
        return await StrategySql.ResponseAsync(session, row);
    }
}

public sealed class GetStrategyEndpoint(SmartRegionDb db) : Endpoint<GetStrategyRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Get(GetStrategyRequest.Route);
        Description(
            b => b.WithName("getStrategy").WithSummary("Read the region's approved strategy with its goals' progress").WithTags("Strategy")
                .Returns<StrategyVersionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetStrategyRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = await GetStrategyRequest.ApprovedAsync(session, region);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}

/// <summary>Reads the approved version of the region's strategy, the same answer as <c>getStrategy</c> (every role of the region).</summary>
public sealed class GetCurrentStrategyVersionRequest
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/current";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{CreateStrategyVersionRequest.BuildRoute(slug)}/current";
}

public sealed class GetCurrentStrategyVersionEndpoint(SmartRegionDb db) : Endpoint<GetCurrentStrategyVersionRequest, StrategyVersionResponse>
{
    public override void Configure()
    {
        Get(GetCurrentStrategyVersionRequest.Route);
        Description(
            b => b.WithName("getCurrentStrategyVersion").WithSummary("Read the approved version of the region's strategy").WithTags("Strategy")
                .Returns<StrategyVersionResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetCurrentStrategyVersionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = await GetStrategyRequest.ApprovedAsync(session, region);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}
