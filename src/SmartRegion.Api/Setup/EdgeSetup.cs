using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Setup;

/// <summary>Browser dashboards allowed to call the API (<c>Api:Cors</c>); none by default.</summary>
public sealed class CorsSettings
{
    public const string Section = "Api:Cors";
    public const string PolicyName = "dashboards";

    /// <summary>Origins such as <c>https://dashboard.kreis-warendorf.de</c>, exactly as browsers send them.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>
/// Reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed (<c>Api:ForwardedHeaders</c>).
/// None by default: then the headers are ignored from everyone, and a client cannot choose the address its rate
/// limit is counted by.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Api:ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>What happens at the edge of every request: forwarded headers, security headers, CORS and rate limits.</summary>
public static class EdgeSetup
{
    /// <summary>For the API: nothing may be loaded, framed or run from its answers.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// For Swagger UI's own pages (<c>/swagger</c>): its scripts, styles and images from this host only, inline styles
    /// (it styles elements from script) and data: images (its icons), calls to this host (try it out); still no framing.
    /// </summary>
    public const string SwaggerUiContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The request headers the API reads, allowed in a CORS preflight.</summary>
    internal static readonly string[] CorsRequestHeaders =
        ["Authorization", "Content-Type", "Accept", "Accept-Language", "If-Match", "If-None-Match", IdempotencyMiddleware.HeaderName];

    /// <summary>The response headers a dashboard's script may read.</summary>
    internal static readonly string[] CorsExposedHeaders =
        ["ETag", "Location", "Link", "Retry-After", RequestBudgets.PolicyHeader, RequestBudgets.StateHeader, OpenApiMetadata.IdempotentReplayedHeader];

    public static WebApplicationBuilder AddSmartRegionEdge(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitLimit > 0 && o.AnonymousPermitLimit > 0 && o.WindowSeconds > 0,
                "Api:RateLimits:PermitLimit, AnonymousPermitLimit and WindowSeconds must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<ForwardedHeadersSettings>()
            .BindConfiguration(ForwardedHeadersSettings.Section)
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)) && o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                "Api:ForwardedHeaders:KnownProxies must be IP addresses and KnownNetworks CIDR networks (10.0.0.0/24).")
            .ValidateOnStart();

        var forwarded = builder.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new ForwardedHeadersSettings();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what is configured is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in forwarded.KnownProxies)
            {
                if (IPAddress.TryParse(proxy, out var address))
                {
                    options.KnownProxies.Add(address);
                }
            }

            foreach (var network in forwarded.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var parsed))
                {
                    options.KnownIPNetworks.Add(parsed);
                }
            }
        });

        var cors = builder.Configuration.GetSection(CorsSettings.Section).Get<CorsSettings>() ?? new CorsSettings();
        builder.Services.AddCors(options => options.AddPolicy(CorsSettings.PolicyName, policy => policy
            .WithOrigins(cors.AllowedOrigins)
            .WithMethods("GET", "POST", "PUT", "DELETE")
            .WithHeaders(CorsRequestHeaders)
            .WithExposedHeaders(CorsExposedHeaders)
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = RequestBudgets.RejectAsync;
        });
        builder.Services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>()
            .Configure<IOptions<RateLimitOptions>, TimeProvider>((options, limits, time) =>
            {
                if (limits.Value.Enabled)
                {
                    options.GlobalLimiter = RequestBudgets.Create(limits.Value, time);
                }
            });
        return builder;
    }

    /// <summary>
    /// First in the pipeline, so every answer (the OpenAPI document and Swagger UI too) has them: the client's address
    /// and scheme from a configured proxy, the security headers, and CORS (a preflight is answered here).
    /// </summary>
    public static WebApplication UseSmartRegionEdge(this WebApplication app)
    {
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        // Without a configured proxy the middleware would believe every sender (it checks only when a list is given).
        if (forwarded.KnownProxies.Length > 0 || forwarded.KnownNetworks.Length > 0)
        {
            app.UseForwardedHeaders();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase)
                    ? SwaggerUiContentSecurityPolicy
                    : ApiContentSecurityPolicy;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCors(CorsSettings.PolicyName);
        return app;
    }
}
