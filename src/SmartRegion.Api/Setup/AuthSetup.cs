using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using SmartRegion.Api.Auth;

namespace SmartRegion.Api.Setup;

public static class AuthSetup
{
    /// <summary>
    /// Credentials: API keys, and JWT bearer tokens of the configured identity provider (<see cref="JwtOptions"/>).
    /// The default scheme is a selector: <c>Authorization: Bearer …</c> goes to the bearer scheme when one is
    /// configured, everything else to the API key scheme (which refuses what it does not know).
    /// </summary>
    public static WebApplicationBuilder AddSmartRegionAuth(this WebApplicationBuilder builder)
    {
        const string selector = "SmartRegion";
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(
                options => string.IsNullOrEmpty(options.BootstrapAdminKey) || options.BootstrapAdminKey.Length >= AuthOptions.BootstrapAdminKeyMinLength,
                $"Auth:BootstrapAdminKey must be at least {AuthOptions.BootstrapAdminKeyMinLength} characters long (or empty).")
            .Validate(options => options.ApiKeyCacheSeconds is >= 0 and < 30, "Auth:ApiKeyCacheSeconds must be 0–29 (a cache shorter than 30 s).")
            .ValidateOnStart();
        builder.Services.AddOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .Validate(options => !options.Enabled || !string.IsNullOrWhiteSpace(options.Audience),
                "Auth:Jwt:Audience is required when Auth:Jwt:Authority or Auth:Jwt:Issuer is set.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<BearerTokenCallers>();
        builder.Services.AddSingleton<PublicReadCallers>();
        var jwt = builder.Configuration.GetSection(JwtOptions.Section).Get<JwtOptions>() ?? new JwtOptions();
        var authentication = builder.Services
            .AddAuthentication(selector)
            .AddPolicyScheme(selector, "ApiKey or bearer token", options =>
                options.ForwardDefaultSelector = context =>
                    jwt.Enabled && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? BearerTokenCallers.SchemeName
                        : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(BearerTokenCallers.SchemeName, options => ConfigureBearer(options, jwt));
        }

        builder.Services.AddAuthorization();
        return builder;
    }

    private static void ConfigureBearer(JwtBearerOptions options, JwtOptions jwt)
    {
        options.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        options.Audience = jwt.Audience;
        // Claim names are exactly those configured, not rewritten to WS-Federation URIs.
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
            NameClaimType = jwt.SubjectClaim,
            RoleClaimType = jwt.RoleClaim,
        };
        options.Events = BearerTokenCallers.Events(jwt);
    }
}
