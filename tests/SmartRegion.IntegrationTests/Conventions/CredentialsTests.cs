using System.Net;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class CredentialsTestsOnSqlite(SqliteApp app) : CredentialsTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class CredentialsTestsOnSqlServer(SqlServerApp app) : CredentialsTests(app);

/// <summary>Every endpoint needs a valid, unrevoked key unless it is explicitly public.</summary>
public abstract class CredentialsTests
{
    private readonly SmartRegionApp app;

    protected CredentialsTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task No_credentials_is_401_with_a_challenge()
    {
        var region = await app.NewRegionAsync();

        var response = await app.Anonymous().GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.StartsWith("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ApiKey sr_this-key-was-never-issued")]
    [InlineData("ApiKey ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer not-a-token")]
    public async Task An_invalid_credential_is_401(string authorization)
    {
        var region = await app.NewRegionAsync();
        var client = app.Anonymous();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        var response = await client.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_key_is_401_from_the_next_request_on()
    {
        var region = await app.NewRegionAsync();
        var created = await app.Keys.CreateAsync("reader", region.Slug, ags: null, "revoked in test", CancellationToken.None);
        var client = app.WithKey(created.Key);
        var before = await client.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await app.Keys.RevokeAsync(created.Id, CancellationToken.None);
        var after = await client.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var region = await app.NewRegionAsync();
        var created = await app.Keys.CreateAsync("reader", region.Slug, ags: null, "hash check", CancellationToken.None);

        var listed = await app.Keys.ListAsync(CancellationToken.None);
        var stored = await app.Keys.FindActiveAsync(created.Key, CancellationToken.None);

        Assert.Contains(listed, key => key.Id == created.Id);
        Assert.Equal(created.Id, stored?.Id);
        Assert.Equal(64, SmartRegion.Api.Auth.ApiKeyStore.Hash(created.Key).Length);
        Assert.NotEqual(created.Key, SmartRegion.Api.Auth.ApiKeyStore.Hash(created.Key));
    }

    [Fact]
    public async Task Health_probes_are_public()
    {
        var live = await app.Anonymous().GetAsync(SmartRegion.Api.Features.Health.LiveEndpoint.Route);
        var ready = await app.Anonymous().GetAsync(SmartRegion.Api.Features.Health.ReadyEndpoint.Route);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var readiness = await ready.ReadAsync<SmartRegion.Api.Features.Health.HealthResponse>();
        Assert.Equal("healthy", readiness.Status);
    }
}
