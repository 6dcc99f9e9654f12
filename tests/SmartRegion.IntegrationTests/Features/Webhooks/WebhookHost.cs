using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Features.Webhooks;

namespace SmartRegion.IntegrationTests.Features.Webhooks;

/// <summary>
/// An instance of the service of its own on the shared test database, with a <see cref="TestClock"/> and webhook
/// settings of the test's choosing (a 1 s timeout unless told otherwise). Its clock starts a minute ahead, so events
/// written by the shared app (real time) are already due here; signatures stay within the 5 minutes receivers allow.
/// Its clients validate every response against the contract, like the shared app's.
/// </summary>
public sealed class WebhookHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> factory;

    private WebhookHost(WebApplicationFactory<Program> factory, TestClock clock)
    {
        this.factory = factory;
        Clock = clock;
    }

    public TestClock Clock { get; }

    public WebhookDispatcher Dispatcher => factory.Services.GetRequiredService<WebhookDispatcher>();

    public static WebhookHost Start(SmartRegionApp app, params (string Key, string Value)[] settings)
    {
        var clock = new TestClock(DateTimeOffset.UtcNow.AddMinutes(1));
        var factory = app.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Webhooks:Timeout", "00:00:01");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        _ = factory.Server;
        return new WebhookHost(factory, clock);
    }

    public HttpClient WithKey(string key)
    {
        var client = ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => factory.CreateDefaultClient(new Uri("http://localhost"), handler));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>Runs dispatcher passes until one finds nothing due (at most <paramref name="maxPasses"/>).</summary>
    public async Task DrainAsync(int maxPasses = 20)
    {
        for (var pass = 0; pass < maxPasses && await Dispatcher.DispatchOnceAsync(CancellationToken.None) > 0; pass++)
        {
        }
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
