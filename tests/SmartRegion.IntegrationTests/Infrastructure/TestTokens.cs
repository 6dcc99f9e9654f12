using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// A stand-in identity provider: the test host accepts tokens of <see cref="Issuer"/> for <see cref="Audience"/>
/// signed with <see cref="SigningKey"/>, configured explicitly (no discovery, no network). The claim names are the
/// service's defaults (<c>sub</c>, <c>roles</c>, <c>smartregion_region</c>, <c>smartregion_ags</c>).
/// </summary>
public static class TestTokens
{
    public const string Issuer = "https://idp.test/realms/smartregion";
    public const string Audience = "smartregion-api";

    public static readonly SymmetricSecurityKey SigningKey = new(RandomNumberGenerator.GetBytes(32)) { KeyId = "test-key" };

    /// <summary>A signed token; every part can be set wrong on purpose.</summary>
    public static string Create(
        IDictionary<string, object> claims,
        string issuer = Issuer,
        string audience = Audience,
        DateTime? expires = null,
        SecurityKey? key = null)
    {
        var now = DateTime.UtcNow;
        var expiresAt = expires ?? now.AddMinutes(10);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiresAt.AddMinutes(-20),
            NotBefore = expiresAt.AddMinutes(-20),
            Expires = expiresAt,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The claims of a caller of <paramref name="role"/> in region <paramref name="slug"/> (and AGS for members).</summary>
    public static Dictionary<string, object> For(string role, string? slug = null, string? ags = null, string? subject = null)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["sub"] = subject ?? "user-" + Guid.NewGuid().ToString("N")[..8],
            ["roles"] = new[] { role },
        };
        if (slug is not null)
        {
            claims["smartregion_region"] = slug;
        }

        if (ags is not null)
        {
            claims["smartregion_ags"] = ags;
        }

        return claims;
    }
}
