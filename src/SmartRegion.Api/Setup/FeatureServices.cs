using SmartRegion.Api.Features.Circulations;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Features.Demo;
using SmartRegion.Api.Features.Ledger;
using SmartRegion.Api.Features.Webhooks;

namespace SmartRegion.Api.Setup;

public static class FeatureServices
{
    /// <summary>Services of features that are not endpoints (FastEndpoints registers those itself).</summary>
    public static WebApplicationBuilder AddSmartRegionFeatures(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DemoSeeder>();
        builder.Services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section);
        builder.Services.AddSingleton<LedgerSigning>();
        builder.Services.AddSingleton<Features.Health.ReadinessProbe>();
        builder.Services.AddOptions<CirculationOptions>().BindConfiguration(CirculationOptions.Section);
        builder.Services.AddSingleton<CirculationDeadlineCloser>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CirculationDeadlineCloser>());
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.FirstRetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.FirstRetryDelay
                && o.GiveUpAfter > TimeSpan.Zero && o.DisableAfterFailingFor > TimeSpan.Zero && o.SecretOverlap >= TimeSpan.Zero
                && o.BatchSize > 0 && o.Jitter is >= 0 and <= 1, "Webhooks: delays, timeout and batch size must be positive, MaxRetryDelay at least FirstRetryDelay, Jitter 0–1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WebhookTargets>();
        // No redirects, no proxy (it would connect on our behalf, past the address check), every connection checked.
        builder.Services.AddHttpClient(WebhookDispatcher.HttpClientName, (services, client) =>
                client.Timeout = services.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = services.GetRequiredService<WebhookTargets>().ConnectAsync,
            });
        builder.Services.AddSingleton<WebhookDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WebhookDispatcher>());
        return builder;
    }
}
