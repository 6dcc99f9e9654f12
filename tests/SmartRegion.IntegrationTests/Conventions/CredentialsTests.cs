using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
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

        var rows = await app.QueryAsync<dynamic>(SqlStatement.Shared("SELECT * FROM ApiKeys WHERE KeyHash = @KeyHash"), new { KeyHash = ApiKeyStore.Hash(created.Key) });

        var row = (IDictionary<string, object?>)Assert.Single(rows);
        Assert.Equal(created.Id.ToString("D"), Convert.ToString(row["Id"], System.Globalization.CultureInfo.InvariantCulture), ignoreCase: true);
        Assert.Equal(64, ((string)row["KeyHash"]!).Length);
        Assert.All(row.Values, value => Assert.DoesNotContain(created.Key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deactivated_members_keys_are_401_until_it_is_reactivated()
    {
        var region = await app.NewRegionAsync();
        var ahlen = region.Ags("004");
        var coordinator = await region.CoordinatorAsync();
        var created = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ahlen, Kind = MemberKind.Municipality, Name = "Ahlen" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var member = await region.MemberAsync(ahlen);
        var route = GetRegionRequest.BuildRoute(region.Slug);
        var before = await member.GetAsync(route);

        var deactivated = await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, ahlen), "\"1\"");
        var whileDeactivated = await member.GetAsync(route);
        var reactivated = await coordinator.PostCommandAsync(ReactivateMemberRequest.BuildRoute(region.Slug, ahlen), deactivated.ETag());
        var after = await member.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        await whileDeactivated.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, reactivated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task The_bootstrap_key_is_refused_once_an_active_admin_key_exists()
    {
        await app.Keys.CreateAsync(RoleNames.Admin, null, null, "real admin", CancellationToken.None);

        var response = await app.WithKey(app.BootstrapAdminKey).GetAsync(ListRegionsRequest.Route);

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_database_refuses_a_key_without_a_region_unless_it_is_an_admin_key()
    {
        var insert = SqlStatement.Shared("""
            INSERT INTO ApiKeys (Id, KeyHash, Role, RegionId, Ags, Label, CreatedAt, RevokedAt)
            VALUES (@Id, @KeyHash, @Role, NULL, NULL, 'no region', @CreatedAt, NULL)
            """);
        var now = app.Service<Clock>().Now();

        var refused = await Record.ExceptionAsync(() => app.ExecuteAsync(insert, new { Id = Guid.CreateVersion7(), KeyHash = Guid.NewGuid().ToString("N"), Role = RoleNames.Reader, CreatedAt = now }));
        await app.ExecuteAsync(insert, new { Id = Guid.CreateVersion7(), KeyHash = Guid.NewGuid().ToString("N"), Role = RoleNames.Admin, CreatedAt = now });

        Assert.True(
            refused is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 275 } or Microsoft.Data.SqlClient.SqlException { Number: 547 },
            refused?.Message ?? "The insert was accepted.");
    }

    [Fact]
    public async Task Strings_in_JSON_escape_html_characters_and_keep_umlauts_readable()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.PostJsonAsync(SmartRegion.Api.Features.Themes.CreateThemeRequest.BuildRoute(region.Slug),
            new SmartRegion.Api.Features.Themes.CreateThemeRequest { Name = "<script>Bürger & Daten</script>" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("\\u003Cscript\\u003EBürger \\u0026 Daten\\u003C/script\\u003E", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", text, StringComparison.Ordinal);
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
