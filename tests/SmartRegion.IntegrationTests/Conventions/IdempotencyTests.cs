using System.Net;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyTestsOnSqlite(SqliteApp app) : IdempotencyTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class IdempotencyTestsOnSqlServer(SqlServerApp app) : IdempotencyTests(app);

/// <summary>A POST retried with the same Idempotency-Key creates once and answers the same way every time.</summary>
public abstract class IdempotencyTests
{
    private readonly SmartRegionApp app;

    protected IdempotencyTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_same_POST_twice_creates_one_resource_and_returns_the_same_response()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var body = NewRegion();

        var first = await admin.PostJsonAsync(CreateRegionRequest.Route, body, key);
        var second = await admin.PostJsonAsync(CreateRegionRequest.Route, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.ETag(), second.ETag());
        await AssertCreatedOnceAsync(admin, body.Slug, System.Text.Json.JsonSerializer.Deserialize<RegionResponse>(await first.Content.ReadAsStringAsync(), HttpAssertions.Json)!);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_creates_nothing()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var first = NewRegion();
        var other = NewRegion();

        await admin.PostJsonAsync(CreateRegionRequest.Route, first, key);
        var reused = await admin.PostJsonAsync(CreateRegionRequest.Route, other, key);

        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, ProblemTypes.IdempotencyKeyReused);
        await (await admin.GetAsync(GetRegionRequest.BuildRoute(other.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_exactly_one_resource()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var body = NewRegion();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostJsonAsync(CreateRegionRequest.Route, body, key)));

        Assert.All(responses, response => Assert.True(
            response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            $"Unexpected {(int)response.StatusCode}"));
        Assert.Contains(responses, response => response.StatusCode == HttpStatusCode.Created);
        var created = responses.First(response => response.StatusCode == HttpStatusCode.Created);
        await AssertCreatedOnceAsync(admin, body.Slug, await created.ReadAsync<RegionResponse>(HttpStatusCode.Created));
    }

    [Fact]
    public async Task A_failed_request_releases_its_key_for_a_corrected_retry()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var invalid = NewRegion() with { KreisKey = "123" };

        var rejected = await admin.PostJsonAsync(CreateRegionRequest.Route, invalid, key);
        var corrected = await admin.PostJsonAsync(CreateRegionRequest.Route, invalid with { KreisKey = "05570" }, key);

        await rejected.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_credential()
    {
        var key = Guid.NewGuid().ToString();
        var region = await app.NewRegionAsync();
        var otherAdmin = app.WithKey((await app.Keys.CreateAsync("admin", null, null, "second admin", CancellationToken.None)).Key);

        var first = await app.Admin().PostJsonAsync(CreateRegionRequest.Route, NewRegion(), key);
        var second = await otherAdmin.PostJsonAsync(CreateRegionRequest.Route, NewRegion(), key);

        Assert.NotNull(region);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    // The slug is unique, so a second execution could only have answered 409; reading the region back shows the one
    // creation every 201 reported. (The shared test database holds more regions than one list page, so no list here.)
    private static async Task AssertCreatedOnceAsync(HttpClient admin, string slug, RegionResponse reported)
    {
        var stored = await (await admin.GetAsync(GetRegionRequest.BuildRoute(slug))).ReadAsync<RegionResponse>();
        Assert.Equal(reported, stored);
        Assert.Equal(1, stored.Version);
    }

    private static CreateRegionRequest NewRegion() =>
        new() { Slug = "t-" + Guid.NewGuid().ToString("N")[..12], Name = "Idempotenz-Test Ü", KreisKey = "05570" };
}
