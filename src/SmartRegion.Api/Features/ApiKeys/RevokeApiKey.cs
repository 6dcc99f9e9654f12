using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.ApiKeys;

/// <summary>
/// Revokes an API key (admin only): it is refused from the very next request on, on every instance (keys are looked
/// up per request, never cached). Revoking a revoked key changes nothing. No <c>If-Match</c>: a key has no editable
/// state a stale client could overwrite, and revocation is final.
/// </summary>
public sealed class RevokeApiKeyRequest
{
    public const string Route = "/api/v1/api-keys/{id}";

    public Guid Id { get; set; }

    public static string BuildRoute(Guid id) => $"{ListApiKeysRequest.Route}/{id:D}";
}

/// <summary>
/// Revokes one of the region's API keys (admin: any; the region's coordinator: its member and reader keys); refused
/// from the very next request on. Revoking a revoked key changes nothing. No <c>If-Match</c>, as for <c>revokeApiKey</c>.
/// </summary>
public sealed class RevokeRegionApiKeyRequest
{
    public const string Route = "/api/v1/regions/{slug}/api-keys/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateRegionApiKeyRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class RevokeApiKeyEndpoint(ApiKeyStore keys) : Endpoint<RevokeApiKeyRequest>
{
    public override void Configure()
    {
        Delete(RevokeApiKeyRequest.Route);
        Roles(RoleNames.Admin);
        Description(
            b => b.WithName("revokeApiKey").WithSummary("Revoke an API key").WithTags("API keys")
                .ReturnsNoContent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RevokeApiKeyRequest request, CancellationToken ct)
    {
        _ = await keys.FindAsync(request.Id, ct) ?? throw ApiProblemException.NotFound($"There is no API key {request.Id}.");
        await keys.RevokeAsync(request.Id, Caller.From(User).Actor, ct);
        await Send.NoContentAsync(ct);
    }
}

public sealed class RevokeRegionApiKeyEndpoint(SmartRegionDb db, ApiKeyStore keys) : Endpoint<RevokeRegionApiKeyRequest>
{
    public override void Configure()
    {
        Delete(RevokeRegionApiKeyRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("revokeRegionApiKey").WithSummary("Revoke one of a region's API keys").WithTags("API keys")
                .ReturnsNoContent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RevokeRegionApiKeyRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        RegionRow region;
        await using (var session = await db.OpenAsync(ct))
        {
            region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        }

        // A key the caller may not manage is as invisible as in its list: 404, like another region's.
        var key = await keys.FindAsync(request.Id, ct);
        if (key is null || key.RegionId != region.Id || (caller.IsCoordinator && !ApiKeyAccess.CoordinatorMayManage(key.Role)))
        {
            throw ApiProblemException.NotFound($"There is no API key {request.Id} in region '{request.Slug}' that you manage.");
        }

        await keys.RevokeAsync(request.Id, caller.Actor, ct);
        await Send.NoContentAsync(ct);
    }
}
