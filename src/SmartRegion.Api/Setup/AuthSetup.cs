using Microsoft.AspNetCore.Authentication;
using SmartRegion.Api.Auth;

namespace SmartRegion.Api.Setup;

public static class AuthSetup
{
    /// <summary>
    /// Credentials: API keys today. The default scheme is a selector, so that JWT bearer tokens can be added as a
    /// second scheme beside it without touching any endpoint.
    /// </summary>
    public static WebApplicationBuilder AddSmartRegionAuth(this WebApplicationBuilder builder)
    {
        const string selector = "SmartRegion";
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Validate(
                options => string.IsNullOrEmpty(options.BootstrapAdminKey) || options.BootstrapAdminKey.Length >= AuthOptions.BootstrapAdminKeyMinLength,
                $"Auth:BootstrapAdminKey must be at least {AuthOptions.BootstrapAdminKeyMinLength} characters long (or empty).")
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services
            .AddAuthentication(selector)
            .AddPolicyScheme(selector, "ApiKey or bearer token", options =>
                options.ForwardDefaultSelector = _ => ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        builder.Services.AddAuthorization();
        return builder;
    }
}
