using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SmartRegion.Api.Features.ApiKeys;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Setup;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>
/// Headers on every answer: the security headers (with a policy of its own for Swagger UI, which keeps working) and
/// CORS for the configured dashboard origins only. Nothing here touches data, so SQLite alone runs it.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed partial class EdgeHeadersTests(SqliteApp app)
{
    private const string Dashboard = "https://dashboard.kreis-example.de";

    [Fact]
    public async Task Every_api_answer_carries_nosniff_no_referrer_and_the_strict_content_security_policy()
    {
        var region = await app.NewRegionAsync();
        var answers = new[]
        {
            await app.Admin().GetAsync(GetRegionRequest.BuildRoute(region.Slug)),
            await app.Anonymous().GetAsync(ListApiKeysRequest.Route),
            await app.Admin().GetAsync(GetRegionRequest.BuildRoute("t-no-such-region")),
            await app.Anonymous().GetAsync("/health/live"),
            await app.Anonymous().OutsideContract("the OpenAPI document itself is not an operation of the API").GetAsync("/openapi/v1.json"),
        };

        foreach (var answer in answers)
        {
            Assert.Equal("nosniff", Single(answer, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Single(answer, "Referrer-Policy"));
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", Single(answer, "Content-Security-Policy"));
        }
    }

    [Fact]
    public async Task Swagger_UI_has_a_policy_that_allows_its_own_scripts_and_styles_and_every_asset_of_the_page_loads()
    {
        using var client = app.Anonymous().OutsideContract("the Swagger UI is a page for people, not an operation of the API");
        var page = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(EdgeSetup.SwaggerUiContentSecurityPolicy, Single(page, "Content-Security-Policy"));
        Assert.Equal("nosniff", Single(page, "X-Content-Type-Options"));
        var html = await page.Content.ReadAsStringAsync();

        // The policy allows scripts from this host only: the page must not depend on inline scripts.
        Assert.DoesNotMatch(InlineScript(), html);
        var assets = Assets().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        Assert.Contains(assets, asset => asset.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, asset => asset.EndsWith(".css", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            var response = await client.GetAsync(new Uri(new Uri("http://localhost/swagger/index.html"), asset));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
            Assert.Equal(EdgeSetup.SwaggerUiContentSecurityPolicy, Single(response, "Content-Security-Policy"));
        }

        // The page loads the document from this host, which connect-src 'self' allows.
        var document = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
    }

    [Fact]
    public async Task A_configured_dashboard_origin_passes_the_preflight_and_reads_the_convention_headers_other_origins_do_not()
    {
        await using var host = app.WithWebHostBuilder(builder => builder.UseSetting("Api:Cors:AllowedOrigins:0", Dashboard));
        using var client = ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => host.CreateDefaultClient(new Uri("http://localhost"), handler));
        var region = await app.NewRegionAsync();
        var route = GetRegionRequest.BuildRoute(region.Slug);

        var preflight = await client.SendAsync(Preflight(route, Dashboard, "PUT", "authorization,content-type,if-match,idempotency-key,accept-language"));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Dashboard, Single(preflight, "Access-Control-Allow-Origin"));
        Assert.Contains("PUT", Single(preflight, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        var allowed = Single(preflight, "Access-Control-Allow-Headers");
        foreach (var header in new[] { "authorization", "content-type", "if-match", "idempotency-key", "accept-language" })
        {
            Assert.Contains(header, allowed, StringComparison.OrdinalIgnoreCase);
        }

        var read = new HttpRequestMessage(HttpMethod.Get, route);
        read.Headers.Add("Origin", Dashboard);
        read.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", await region.KeyAsync("reader"));
        var answer = await client.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(Dashboard, Single(answer, "Access-Control-Allow-Origin"));
        var exposed = Single(answer, "Access-Control-Expose-Headers");
        foreach (var header in new[] { "ETag", "Location", "Link", "RateLimit", "RateLimit-Policy", "Idempotent-Replayed", "Retry-After" })
        {
            Assert.Contains(header, exposed.Split(',', StringSplitOptions.TrimEntries));
        }

        var foreign = await client.SendAsync(Preflight(route, "https://elsewhere.example", "GET", "authorization"));
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Without_configured_origins_no_origin_is_allowed()
    {
        var region = await app.NewRegionAsync();
        var preflight = await app.Anonymous().SendAsync(Preflight(GetRegionRequest.BuildRoute(region.Slug), Dashboard, "GET", "authorization"));
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string route, string origin, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, route).OutsideContract("a CORS preflight is answered by the browser protocol, not an API operation");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"{name} is missing on {response.RequestMessage?.RequestUri} ({response.StatusCode}).");

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Assets();
}
