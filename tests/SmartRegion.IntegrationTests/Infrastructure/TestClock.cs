using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>A clock that stands still until a test moves it; the service reads it through <see cref="TimeProvider"/>.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public TestClock()
        : this(DateTimeOffset.UtcNow)
    {
    }

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}

/// <summary>
/// A host of its own on the shared test database whose clock is a <see cref="TestClock"/>: requests through it see
/// the test's time, while every other test keeps the real clock. Clients need keys created on the shared app.
/// </summary>
public sealed class ClockedHost(WebApplicationFactory<Program> factory, TestClock clock) : IAsyncDisposable
{
    public TestClock Clock { get; } = clock;

    public static ClockedHost For(SmartRegionApp app, TestClock clock) =>
        new(app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock))), clock);

    public HttpClient Anonymous() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>A client with a bearer token (see <see cref="TestTokens"/>): unlike a key, its use writes nothing.</summary>
    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient WithKey(string key)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    public T Service<T>()
        where T : notnull => factory.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
