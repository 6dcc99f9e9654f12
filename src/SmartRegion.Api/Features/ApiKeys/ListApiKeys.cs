using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.ApiKeys;

/// <summary>
/// Lists every API key, revoked and expired ones included, in creation order (admin only): label, role, region,
/// AGS, created, expires, last used and revoked; never a secret or its hash.
/// </summary>
public sealed class ListApiKeysRequest : PageQuery
{
    public const string Route = "/api/v1/api-keys";

    public static string BuildRoute() => Route;
}

/// <summary>
/// Lists a region's API keys in creation order (admin: all of them; the region's coordinator: its member and
/// reader keys), revoked and expired ones included; never a secret or its hash.
/// </summary>
public sealed class ListRegionApiKeysRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/api-keys";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => CreateRegionApiKeyRequest.BuildRoute(slug);
}

public sealed class ListApiKeysValidator : Validator<ListApiKeysRequest>
{
    public ListApiKeysValidator() => Include(new PageQueryRules());
}

public sealed class ListRegionApiKeysValidator : Validator<ListRegionApiKeysRequest>
{
    public ListRegionApiKeysValidator() => Include(new PageQueryRules());
}

public sealed class ListApiKeysEndpoint(ApiKeyStore keys) : Endpoint<ListApiKeysRequest, Page<ApiKeyResponse>>
{
    public override void Configure()
    {
        Get(ListApiKeysRequest.Route);
        Roles(RoleNames.Admin);
        Description(
            b => b.WithName("listApiKeys").WithSummary("List every API key").WithTags("API keys")
                .ReturnsPage<ApiKeyResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListApiKeysRequest request, CancellationToken ct) =>
        await Send.OkAsync(await ApiKeyPages.PageAsync(HttpContext, keys, regionId: null, membersAndReadersOnly: false, request, ct), ct);
}

public sealed class ListRegionApiKeysEndpoint(SmartRegionDb db, ApiKeyStore keys) : Endpoint<ListRegionApiKeysRequest, Page<ApiKeyResponse>>
{
    public override void Configure()
    {
        Get(ListRegionApiKeysRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("listRegionApiKeys").WithSummary("List a region's API keys").WithTags("API keys")
                .ReturnsPage<ApiKeyResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListRegionApiKeysRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        RegionRow region;
        await using (var session = await db.OpenAsync(ct))
        {
            region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        }

        await Send.OkAsync(await ApiKeyPages.PageAsync(HttpContext, keys, region.Id, membersAndReadersOnly: caller.IsCoordinator, request, ct), ct);
    }
}

internal static class ApiKeyPages
{
    private sealed record CreatedCursor(DateTimeOffset CreatedAt, Guid Id);

    public static async Task<Page<ApiKeyResponse>> PageAsync(HttpContext context, ApiKeyStore keys, Guid? regionId, bool membersAndReadersOnly, PageQuery request, CancellationToken ct)
    {
        var after = Cursors.Decode<CreatedCursor>(request.Cursor);
        var rows = await keys.PageAsync(regionId, membersAndReadersOnly, after?.CreatedAt, after?.Id, request.PageSize + 1, ct);
        return Cursors.ToPage(context, rows, request.PageSize, row => new CreatedCursor(row.CreatedAt, row.Id), ApiKeyResponse.From);
    }
}
