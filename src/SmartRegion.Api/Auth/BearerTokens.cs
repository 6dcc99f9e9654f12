using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Auth;

/// <summary>
/// Settings of the <c>Auth:Jwt</c> section: the identity provider whose tokens are accepted beside API keys, and the
/// claims that carry role, region and AGS. Bearer tokens are accepted once <see cref="Authority"/> is set: discovery
/// then supplies the signing keys. <see cref="Issuer"/> alone switches the scheme on without any signing key, so every
/// token fails until keys are given in code (the test host does that with a local key; no deployment setting does).
/// </summary>
public sealed class JwtOptions
{
    public const string Section = "Auth:Jwt";

    /// <summary>The issuer's base URL; its <c>/.well-known/openid-configuration</c> supplies issuer and signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The expected <c>iss</c>, when it differs from what discovery says.</summary>
    public string? Issuer { get; set; }

    /// <summary>The expected <c>aud</c>: the API's client id or application ID URI at the provider.</summary>
    public string? Audience { get; set; }

    /// <summary>The claim naming the caller for the change log (recorded as <c>jwt:&lt;value&gt;</c>).</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>The claim holding the role (one of admin, coordinator, member, reader); may hold several values.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim holding the region's slug (not for admins).</summary>
    public string RegionClaim { get; set; } = "smartregion_region";

    /// <summary>The claim holding the member's AGS (members only).</summary>
    public string AgsClaim { get; set; } = "smartregion_ags";

    /// <summary>Leeway for <c>exp</c>/<c>nbf</c> between the provider's clock and ours.</summary>
    public int ClockSkewSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Issuer);
}

/// <summary>
/// Turns a validated bearer token into the same principal an API key gives (subject, role, region id, AGS), so
/// <see cref="Caller"/> and every rule behind it cannot tell the two apart. A token whose claims do not name a known
/// role, an existing region and, for members, an active member of it is refused (401), like a key would be.
/// </summary>
public sealed class BearerTokenCallers(SmartRegionDb db)
{
    public const string SchemeName = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>The caller's principal, or the reason the token is refused.</summary>
    public async Task<(ClaimsPrincipal? Principal, string? Refusal)> ToCallerAsync(ClaimsPrincipal token, JwtOptions options, CancellationToken cancellationToken)
    {
        var subject = token.FindFirstValue(options.SubjectClaim);
        if (string.IsNullOrWhiteSpace(subject))
        {
            return (null, $"The token has no '{options.SubjectClaim}' claim.");
        }

        var roles = token.FindAll(options.RoleClaim).Select(c => c.Value).Where(RoleNames.IsKnown).Distinct(StringComparer.Ordinal).ToList();
        if (roles.Count != 1)
        {
            return (null, roles.Count == 0
                ? $"The token's '{options.RoleClaim}' claim names none of the roles {string.Join(", ", RoleNames.All)}."
                : $"The token's '{options.RoleClaim}' claim names more than one role.");
        }

        var role = roles[0];
        var slug = token.FindFirstValue(options.RegionClaim);
        var ags = token.FindFirstValue(options.AgsClaim);
        if (role == RoleNames.Admin && (slug is not null || ags is not null))
        {
            return (null, "An admin token is not bound to a region or AGS.");
        }

        if (role != RoleNames.Admin && string.IsNullOrWhiteSpace(slug))
        {
            return (null, $"A {role} token needs the '{options.RegionClaim}' claim.");
        }

        if ((role == RoleNames.Member) != (ags is not null))
        {
            return (null, role == RoleNames.Member ? $"A member token needs the '{options.AgsClaim}' claim." : "Only member tokens carry an AGS.");
        }

        Guid? regionId = null;
        if (slug is not null)
        {
            await using var session = await db.OpenAsync(cancellationToken);
            regionId = await session.QuerySingleOrDefaultAsync<Guid?>(Sql.RegionIdBySlug, new { Slug = slug });
            if (regionId is null)
            {
                return (null, $"The token names an unknown region '{slug}'.");
            }

            // Like a member's keys, a member's tokens work only while the member is active.
            if (ags is not null && await session.ExecuteScalarAsync<int>(Sql.ActiveMember, new { RegionId = regionId, Ags = ags }) == 0)
            {
                return (null, $"The token names {ags}, which is not an active member of region '{slug}'.");
            }
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, "jwt:" + subject), new(ClaimTypes.Role, role) };
        if (regionId is not null)
        {
            claims.Add(new Claim(Caller.RegionClaim, regionId.Value.ToString()));
        }

        if (ags is not null)
        {
            claims.Add(new Claim(Caller.AgsClaim, ags));
        }

        return (new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), null);
    }

    /// <summary>The bearer scheme's answers as problem details, the same as the API key scheme's.</summary>
    public static JwtBearerEvents Events(JwtOptions options) => new()
    {
        OnTokenValidated = async context =>
        {
            var callers = context.HttpContext.RequestServices.GetRequiredService<BearerTokenCallers>();
            var (principal, refusal) = await callers.ToCallerAsync(context.Principal!, options, context.HttpContext.RequestAborted);
            if (principal is null)
            {
                context.Fail(refusal!);
                return;
            }

            context.Principal = principal;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                ? $"Bearer realm=\"SmartRegion\""
                : $"Bearer realm=\"SmartRegion\", error=\"invalid_token\"";
            await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized, "Unauthorized",
                "Send a valid credential: Authorization: Bearer <token> of the configured identity provider, or Authorization: ApiKey <key>.");
        },
        OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden",
            "Your credential's role does not allow this operation."),
    };

    private static Task WriteProblemAsync(HttpContext context, int status, string type, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Type = type, Title = title, Detail = detail },
        }).AsTask();
    }

    internal static class Sql
    {
        public static readonly SqlStatement RegionIdBySlug = SqlStatement.Shared(
            "SELECT Id FROM Regions WHERE Slug = @Slug");

        public static readonly SqlStatement ActiveMember = SqlStatement.Shared(
            "SELECT COUNT(*) FROM Members WHERE RegionId = @RegionId AND Ags = @Ags AND IsActive = 1");
    }
}
