using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Features.ApiKeys;
using SmartRegion.Api.Features.Health;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class RateLimitTestsOnSqlite(SqliteApp app) : RateLimitTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class RateLimitTestsOnSqlServer(SqlServerApp app) : RateLimitTests(app);

/// <summary>
/// Request budgets per credential and per client address (draft-ietf-httpapi-ratelimit-headers-10 fields), and the
/// forwarded client address believed from configured proxies only. Each test runs a host of its own with a small
/// budget, so the shared host of the suite (with a very large one) is never refused.
/// </summary>
public abstract partial class RateLimitTests
{
    /// <summary>Test-only: the connection's remote address, set by <see cref="PeerAddressFilter"/> before anything else.</summary>
    private const string PeerHeader = "X-Test-Peer";

    private readonly SmartRegionApp app;

    protected RateLimitTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_burst_below_the_budget_is_untouched_the_next_request_is_429_with_the_fields_and_another_credential_has_its_own_budget()
    {
        var region = await app.NewRegionAsync();
        await using var host = Limited(("Api:RateLimits:PermitLimit", "3"), ("Api:RateLimits:WindowSeconds", "60"));
        var first = ClientWithKey(host, await region.KeyAsync(RoleNames.Reader));
        var second = ClientWithKey(host, await region.KeyAsync(RoleNames.Reader));
        var route = GetRegionRequest.BuildRoute(region.Slug);

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var ok = await first.GetAsync(route);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("\"credential\";q=3;w=60", Header(ok, RequestBudgets.PolicyHeader));
            var state = StateField().Match(Header(ok, RequestBudgets.StateHeader));
            Assert.True(state.Success, Header(ok, RequestBudgets.StateHeader));
            Assert.Equal(remaining, int.Parse(state.Groups["r"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.InRange(int.Parse(state.Groups["t"].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        long rejected = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmartRegion.Api.Setup.SmartRegionMetrics.MeterName && instrument.Name == "smartregion.ratelimit.rejected")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "ratelimit.policy", Value: "credential" })
                {
                    Interlocked.Add(ref rejected, value);
                }
            }
        });
        listener.Start();

        var refused = await first.GetAsync(route);
        Assert.True(Interlocked.Read(ref rejected) >= 1, "The refusal was not counted.");
        var problem = await refused.ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.Contains("3 requests", problem.Detail, StringComparison.Ordinal);
        var retryAfter = int.Parse(Header(refused, "Retry-After"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("\"credential\";q=3;w=60", Header(refused, RequestBudgets.PolicyHeader));
        Assert.Equal($"\"credential\";r=0;t={retryAfter}", Header(refused, RequestBudgets.StateHeader));

        // Another key of the same region and role counts on its own.
        var other = await second.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.StartsWith("\"credential\";r=2;", Header(other, RequestBudgets.StateHeader), StringComparison.Ordinal);

        // The refused credential is refused on every operation, and the probes are never limited.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync(ListApiKeysRequest.Route)).StatusCode);
        var live = await first.GetAsync(LiveEndpoint.Route);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.False(live.Headers.Contains(RequestBudgets.StateHeader));
    }

    [Fact]
    public async Task Without_a_configured_proxy_X_Forwarded_For_is_ignored_and_the_connections_address_is_counted()
    {
        await using var host = Limited(("Api:RateLimits:AnonymousPermitLimit", "2"));
        var client = Anonymous(host);

        // Each request claims another client address; all come from the same connection and share its budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.9", "203.0.113.1"))).StatusCode);
        var second = await client.SendAsync(Anonymous("10.0.0.9", "203.0.113.2"));
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("\"address\";q=2;w=60", Header(second, RequestBudgets.PolicyHeader));
        Assert.StartsWith("\"address\";r=0;", Header(second, RequestBudgets.StateHeader), StringComparison.Ordinal);
        await (await client.SendAsync(Anonymous("10.0.0.9", "203.0.113.3"))).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);

        // Another connection has its own budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.10", "203.0.113.3"))).StatusCode);
    }

    [Fact]
    public async Task A_configured_proxy_forwards_the_client_address_an_unconfigured_sender_does_not()
    {
        await using var host = Limited(("Api:RateLimits:AnonymousPermitLimit", "2"), ("Api:ForwardedHeaders:KnownProxies:0", "10.0.0.1"));
        var client = Anonymous(host);

        // Through the proxy: two clients, two budgets.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.1", "198.51.100.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.1", "198.51.100.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Anonymous("10.0.0.1", "198.51.100.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.1", "198.51.100.2"))).StatusCode);

        // A sender that is not the configured proxy cannot escape its budget by naming other addresses.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.7", "192.0.2.1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.7", "192.0.2.2"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(Anonymous("10.0.0.7", "192.0.2.3"))).StatusCode);
        // … nor has it spent the budgets of the clients it named.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Anonymous("10.0.0.1", "192.0.2.1"))).StatusCode);
    }

    [Fact]
    public async Task The_public_caller_of_a_region_with_public_read_is_counted_by_its_address()
    {
        var region = await app.NewRegionAsync();
        await region.SetPublicReadAsync(true);
        await using var host = Limited(("Api:RateLimits:AnonymousPermitLimit", "2"));
        var client = Anonymous(host);
        HttpRequestMessage Read(string peer)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, GetRegionRequest.BuildRoute(region.Slug));
            request.Headers.Add(PeerHeader, peer);
            return request;
        }

        var first = await client.SendAsync(Read("10.0.1.1"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"address\";q=2;w=60", Header(first, RequestBudgets.PolicyHeader));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Read("10.0.1.1"))).StatusCode);
        await (await client.SendAsync(Read("10.0.1.1"))).ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, ProblemTypes.RateLimited);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Read("10.0.1.2"))).StatusCode);
    }

    [GeneratedRegex("^\"credential\";r=(?<r>[0-9]+);t=(?<t>[0-9]+)$")]
    private static partial Regex StateField();

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : throw new Xunit.Sdk.XunitException($"{name} is missing ({response.StatusCode}).");

    /// <summary>An anonymous call (401) from <paramref name="peer"/> claiming to forward for <paramref name="forwardedFor"/>.</summary>
    private static HttpRequestMessage Anonymous(string peer, string forwardedFor)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, ListApiKeysRequest.Route);
        request.Headers.Add(PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    private WebApplicationFactory<Program> Limited(params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddressFilter>());
        });

    private static HttpClient Anonymous(WebApplicationFactory<Program> host) =>
        ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => host.CreateDefaultClient(new Uri("http://localhost"), handler));

    private static HttpClient ClientWithKey(WebApplicationFactory<Program> host, string key)
    {
        var client = Anonymous(host);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    /// <summary>The test server has no connections; this gives each request the remote address the test names.</summary>
    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[PeerHeader].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
