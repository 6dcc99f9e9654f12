using System.Net;
using System.Net.Http.Headers;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.IntegrationTests.Features.PublicRead;

[Collection(SqliteCollection.Name)]
public sealed class PublicReadFoundationTestsOnSqlite(SqliteApp app) : PublicReadFoundationTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class PublicReadFoundationTestsOnSqlServer(SqlServerApp app) : PublicReadFoundationTests(app);

/// <summary>
/// The region setting <c>publicRead</c> and the public caller it lets through: anonymous GETs of endpoints that allow
/// public reads, of that region only; everything else stays 401 without credentials.
/// </summary>
public abstract class PublicReadFoundationTests
{
    private readonly SmartRegionApp app;

    protected PublicReadFoundationTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_new_region_is_not_public_and_anonymous_gets_401()
    {
        var region = await app.NewRegionAsync();

        Assert.False(region.Region.PublicRead);
        var response = await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_coordinator_opens_the_region_and_anonymous_reads_it_until_it_is_closed_again()
    {
        var region = await app.NewRegionAsync();

        var opened = await region.SetPublicReadAsync(true);

        Assert.True(opened.PublicRead);
        var anonymous = await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(region.Slug));
        var read = await anonymous.ReadAsync<RegionResponse>();
        Assert.Equal(region.Slug, read.Slug);
        Assert.True(read.PublicRead);
        // The public and the credentialed answer differ: a shared cache must not hand one out for the other.
        Assert.Contains("Authorization", anonymous.Headers.Vary);
        Assert.Contains("Authorization", (await (await region.ReaderAsync()).GetAsync(GetRegionRequest.BuildRoute(region.Slug))).Headers.Vary);

        var closed = await region.SetPublicReadAsync(false);

        Assert.False(closed.PublicRead);
        await (await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_member_or_reader_cannot_change_publicRead_and_it_stays_off()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var update = new UpdateRegionRequest { Name = region.Region.Name, PublicRead = true };

        var response = await reader.PutJsonAsync(UpdateRegionRequest.BuildRoute(region.Slug), update, region.Region.ETag());

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var stored = await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
        Assert.False(stored.PublicRead);
        Assert.Equal(region.Region.Version, stored.Version);
    }

    [Fact]
    public async Task An_admin_opens_a_region_too()
    {
        var region = await app.NewRegionAsync();
        var update = new UpdateRegionRequest { Name = region.Region.Name, PublicRead = true };

        var updated = await (await app.Admin().PutJsonAsync(UpdateRegionRequest.BuildRoute(region.Slug), update, region.Region.ETag())).ReadAsync<RegionResponse>();

        Assert.True(updated.PublicRead);
        await (await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
    }

    [Fact]
    public async Task Anonymous_on_a_public_region_gets_401_from_endpoints_that_do_not_allow_public_reads()
    {
        var region = await app.NewRegionAsync();
        await region.SetPublicReadAsync(true);
        var anonymous = app.Anonymous();

        await (await anonymous.GetAsync(ListChangesRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var update = new UpdateRegionRequest { Name = "Übernommen", PublicRead = false };
        await (await anonymous.PutJsonAsync(UpdateRegionRequest.BuildRoute(region.Slug), update, "\"2\"")).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        var stored = await (await anonymous.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
        Assert.Equal(region.Region.Name, stored.Name);
        Assert.True(stored.PublicRead);
    }

    [Fact]
    public async Task A_bad_credential_is_never_downgraded_to_the_public_caller()
    {
        var region = await app.NewRegionAsync();
        await region.SetPublicReadAsync(true);
        var client = app.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", "not-a-key-of-this-service");

        var response = await client.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Opening_one_region_opens_no_other()
    {
        var open = await app.NewRegionAsync();
        var closed = await app.NewRegionAsync();
        await open.SetPublicReadAsync(true);

        await (await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(open.Slug))).ReadAsync<RegionResponse>();
        await (await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(closed.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute("t-no-such-region"))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Credentials_of_a_public_region_keep_their_own_rights()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        await other.SetPublicReadAsync(true);
        var coordinator = await region.CoordinatorAsync();

        // A credential is a credential: another region stays 404 for it even when that region is public.
        await (await coordinator.GetAsync(GetRegionRequest.BuildRoute(other.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }
}
