using System.Globalization;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// A region of its own for one test, with a Kreis key of its own (<see cref="TestKreisKeys"/>) and clients per role
/// made from real API keys. Tests name members' AGS through it (<see cref="District"/>, <see cref="Ags"/>), never as
/// literals, since the key differs from run to run.
/// </summary>
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

    /// <summary>The AGS of the region's district member: the Kreis key and <c>000</c>.</summary>
    public string District => Ags("000");

    /// <summary>
    /// The AGS with this 3-digit Gemeinde part in the region's Kreis, e.g. <c>Ags("004")</c>: in Kreis Warendorf, Ahlen.
    /// </summary>
    public string Ags(string gemeinde) =>
        gemeinde.Length == 3 && gemeinde.All(char.IsAsciiDigit)
            ? KreisKey + gemeinde
            : throw new ArgumentException($"A Gemeinde part has 3 digits, not '{gemeinde}'.", nameof(gemeinde));

    /// <summary>The AGS of Gemeinde number <paramref name="number"/> (1–999) in the region's Kreis: <c>Municipality(4)</c> ends in <c>004</c>.</summary>
    public string Municipality(int number) =>
        number is >= 1 and <= 999
            ? Ags(number.ToString("D3", CultureInfo.InvariantCulture))
            : throw new ArgumentOutOfRangeException(nameof(number), number, "A municipality's Gemeinde number is 1–999.");

    /// <summary>
    /// Creates a region through the API. <paramref name="kreisKey"/> null: a key of its own; a fixed key only for
    /// tests that need one on purpose, and then one that no other test uses (it can be taken only once per database).
    /// </summary>
    public static async Task<TestRegion> CreateAsync(SmartRegionApp app, string? kreisKey = null)
    {
        kreisKey ??= TestKreisKeys.Next();
        var slug = "t-" + Guid.NewGuid().ToString("N")[..12];
        var response = await app.Admin().PostJsonAsync(
            CreateRegionRequest.Route,
            new CreateRegionRequest { Slug = slug, Name = $"Testregion {slug}", KreisKey = kreisKey });
        return new TestRegion(app, await response.ReadAsync<RegionResponse>(System.Net.HttpStatusCode.Created));
    }

    /// <summary>Switches the region's <c>publicRead</c> through the API, as its coordinator would, keeping name and vision.</summary>
    public async Task<RegionResponse> SetPublicReadAsync(bool publicRead)
    {
        var coordinator = await CoordinatorAsync();
        var current = await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(Slug))).ReadAsync<RegionResponse>();
        var update = new UpdateRegionRequest
        {
            Name = current.Name, Vision = current.Vision, ReportingIntervalDays = current.ReportingIntervalDays, PublicRead = publicRead,
        };
        return await (await coordinator.PutJsonAsync(GetRegionRequest.BuildRoute(Slug), update, current.ETag())).ReadAsync<RegionResponse>();
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
