using System.Security.Claims;
using SmartRegion.Api.Data;

namespace SmartRegion.Api.Auth;

/// <summary>
/// Marks an endpoint that a region with <c>publicRead</c> opens to anonymous callers (see <see cref="PublicReadCallers"/>).
/// Added with <see cref="PublicReadDeclarations.AllowsPublicRead"/> in the endpoint's <c>Description(...)</c>.
/// </summary>
public sealed class PublicReadDeclaration
{
    public static readonly PublicReadDeclaration Instance = new();

    private PublicReadDeclaration()
    {
    }
}

public static class PublicReadDeclarations
{
    /// <summary>
    /// Opens this GET endpoint to anonymous callers of a region with <c>publicRead</c>: they reach it as a
    /// <see cref="RoleNames.Public"/> caller bound to the route's region (<see cref="Caller.IsPublic"/>). An endpoint with
    /// <c>Roles(...)</c> must list <see cref="RoleNames.Public"/> there too. The endpoint answers only the public subset to
    /// such a caller; it decides what that is.
    /// </summary>
    public static RouteHandlerBuilder AllowsPublicRead(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(PublicReadDeclaration.Instance);
}

/// <summary>
/// The anonymous caller of a public region: a request without an <c>Authorization</c> header to a GET endpoint that
/// declares <see cref="PublicReadDeclaration"/>, whose route names (<c>{slug}</c>) a region with <c>publicRead</c>,
/// becomes a <see cref="RoleNames.Public"/> caller bound to that region. Every other anonymous request stays
/// unauthenticated (401), and so does a request with any credential, valid or not: a credential is never downgraded.
/// </summary>
public sealed class PublicReadCallers(SmartRegionDb db)
{
    public const string Subject = "public";
    public const string SlugRouteValue = "slug";

    /// <summary>The public principal for this request, or null when the request is not a public read.</summary>
    public async Task<ClaimsPrincipal?> ForAsync(HttpContext context, string scheme)
    {
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            || context.Request.Headers.ContainsKey("Authorization")
            || context.GetEndpoint()?.Metadata.GetMetadata<PublicReadDeclaration>() is null
            || context.Request.RouteValues[SlugRouteValue] is not string slug)
        {
            return null;
        }

        await using var session = await db.OpenAsync(context.RequestAborted);
        var regionId = await session.QuerySingleOrDefaultAsync<Guid?>(Sql.PublicRegionId, new { Slug = slug });
        if (regionId is null)
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Subject),
            new(ClaimTypes.Role, RoleNames.Public),
            new(Caller.RegionClaim, regionId.Value.ToString()),
        };
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    internal static class Sql
    {
        public static readonly SqlStatement PublicRegionId = SqlStatement.Shared(
            "SELECT Id FROM Regions WHERE Slug = @Slug AND PublicRead = 1");
    }
}
