using SmartRegion.Api.Auth;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>A region of its own for one test, with clients per role made from real API keys.</summary>
public sealed class TestRegion
{
    private TestRegion(SmartRegionApp app, RegionResponse region)
    {
        App = app;
        Region = region;
    }

    public SmartRegionApp App { get; }

    public RegionResponse Region { get; }

    public string Slug => Region.Slug;

    public string KreisKey => Region.KreisKey;

    public static async Task<TestRegion> CreateAsync(SmartRegionApp app, string kreisKey)
    {
        var slug = "t-" + Guid.NewGuid().ToString("N")[..12];
        var response = await app.Admin().PostJsonAsync(
            CreateRegionRequest.Route,
            new CreateRegionRequest { Slug = slug, Name = $"Testregion {slug}", KreisKey = kreisKey });
        return new TestRegion(app, await response.ReadAsync<RegionResponse>(System.Net.HttpStatusCode.Created));
    }

    public Task<HttpClient> CoordinatorAsync() => ClientAsync(RoleNames.Coordinator);

    public Task<HttpClient> ReaderAsync() => ClientAsync(RoleNames.Reader);

    /// <summary>A member client bound to <paramref name="ags"/>; the member must exist in this region.</summary>
    public Task<HttpClient> MemberAsync(string ags) => ClientAsync(RoleNames.Member, ags);

    public async Task<HttpClient> ClientAsync(string role, string? ags = null) => App.WithKey(await KeyAsync(role, ags));

    /// <summary>A new API key of this region, for clients of another host on the same database.</summary>
    public async Task<string> KeyAsync(string role, string? ags = null) =>
        (await App.Keys.CreateAsync(role, Slug, ags, $"test {role}", CancellationToken.None)).Key;
}
