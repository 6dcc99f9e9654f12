using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.ApiKeys;

/// <summary>The role an API key grants (see "Who may do what").</summary>
public enum ApiKeyRole
{
    Admin,
    Coordinator,
    Member,
    Reader,
}

/// <summary>
/// A stored API key as lists show it: never its secret or the secret's hash. <c>lastUsedAt</c> is recorded at most
/// once a minute per key, so it may lag the latest use by up to a minute.
/// </summary>
public sealed record ApiKeyResponse(
    Guid Id,
    string Label,
    ApiKeyRole Role,
    string? Region,
    string? Ags,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeyResponse From(ApiKeyListing key) => new(
        key.Id, key.Label, EnumText.Parse<ApiKeyRole>(key.Role), key.RegionSlug, key.Ags, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}

/// <summary>A new API key: <c>key</c> is the secret, shown in this response once and never again.</summary>
public sealed record CreatedApiKeyResponse(
    Guid Id,
    string Key,
    string Label,
    ApiKeyRole Role,
    string? Region,
    string? Ags,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    public static CreatedApiKeyResponse From(CreatedApiKey created) => new(
        created.Id, created.Key, created.Listing.Label, EnumText.Parse<ApiKeyRole>(created.Listing.Role), created.Listing.RegionSlug,
        created.Listing.Ags, created.Listing.CreatedAt, created.Listing.ExpiresAt);
}

/// <summary>Which keys a caller manages: admins every key, a coordinator the member and reader keys of its region.</summary>
internal static class ApiKeyAccess
{
    public const int LabelMaxLength = 200;

    public static bool CoordinatorMayManage(string role) => role is RoleNames.Member or RoleNames.Reader;
}
