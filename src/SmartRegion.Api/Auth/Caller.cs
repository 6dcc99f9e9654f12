using System.Security.Claims;

namespace SmartRegion.Api.Auth;

/// <summary>Who is calling, read from the authenticated principal whatever the credential type.</summary>
public sealed record Caller(string Id, string Role, Guid? RegionId, string? Ags)
{
    public const string RegionClaim = "smartregion:region";
    public const string AgsClaim = "smartregion:ags";

    public bool IsAdmin => Role == RoleNames.Admin;

    public bool IsCoordinator => Role == RoleNames.Coordinator;

    public bool IsMember => Role == RoleNames.Member;

    /// <summary>An anonymous caller of a public region (see <see cref="PublicReadCallers"/>): sees only the public subset.</summary>
    public bool IsPublic => Role == RoleNames.Public;

    /// <summary>Recorded as "who" in change records.</summary>
    public string Actor => Id;

    public static Caller From(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("An authenticated principal without a subject reached an endpoint.");
        var role = user.FindFirstValue(ClaimTypes.Role) ?? string.Empty;
        var region = Guid.TryParse(user.FindFirstValue(RegionClaim), out var regionId) ? regionId : (Guid?)null;
        return new Caller(id, role, region, user.FindFirstValue(AgsClaim));
    }

    /// <summary>Admins see every region; everyone else only their own.</summary>
    public bool CanSeeRegion(Guid regionId) => IsAdmin || RegionId == regionId;
}
