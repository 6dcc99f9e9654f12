using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Demo;
using SmartRegion.Api.Features.Ledger;

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
        return builder;
    }
}
