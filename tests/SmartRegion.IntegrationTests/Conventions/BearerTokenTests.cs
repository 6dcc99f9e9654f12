using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;
using Microsoft.IdentityModel.Tokens;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class BearerTokenTestsOnSqlite(SqliteApp app) : BearerTokenTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class BearerTokenTestsOnSqlServer(SqlServerApp app) : BearerTokenTests(app);

/// <summary>
/// JWT bearer tokens beside API keys (<see cref="TestTokens"/> signs them locally): a valid token is the same caller
/// as the equivalent key, everything else is a 401 problem.
/// </summary>
public abstract class BearerTokenTests
{
    private readonly SmartRegionApp app;

    protected BearerTokenTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    public static TheoryData<string> Refusals => ["expired", "wrong-audience", "wrong-issuer", "wrong-key", "no-subject", "no-role", "unknown-role", "no-region", "unknown-region", "member-without-ags", "admin-with-region", "not-a-jwt"];

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task An_invalid_token_is_401_problem_with_a_bearer_challenge(string refusal)
    {
        var region = await app.NewRegionAsync();
        var valid = TestTokens.For(RoleNames.Reader, region.Slug);
        var token = refusal switch
        {
            "expired" => TestTokens.Create(valid, expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong-audience" => TestTokens.Create(valid, audience: "another-api"),
            "wrong-issuer" => TestTokens.Create(valid, issuer: "https://idp.test/realms/other"),
            "wrong-key" => TestTokens.Create(valid, key: new SymmetricSecurityKey(new byte[32]) { KeyId = "test-key" }),
            "no-subject" => TestTokens.Create(Without(valid, "sub")),
            "no-role" => TestTokens.Create(Without(valid, "roles")),
            "unknown-role" => TestTokens.Create(TestTokens.For("superuser", region.Slug)),
            "no-region" => TestTokens.Create(Without(valid, "smartregion_region")),
            "unknown-region" => TestTokens.Create(TestTokens.For(RoleNames.Reader, "no-such-region-" + Guid.NewGuid().ToString("N")[..6])),
            "member-without-ags" => TestTokens.Create(TestTokens.For(RoleNames.Member, region.Slug)),
            "admin-with-region" => TestTokens.Create(TestTokens.For(RoleNames.Admin, region.Slug)),
            _ => "not-a-jwt",
        };

        var response = await app.WithToken(token).GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ProblemTypes.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.WithToken(TestTokens.Create(valid)).GetAsync(GetRegionRequest.BuildRoute(region.Slug))).StatusCode);
    }

    [Fact]
    public async Task A_valid_token_reads_exactly_what_the_equivalent_key_reads_and_no_other_region()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var token = app.WithToken(TestTokens.Create(TestTokens.For(RoleNames.Reader, region.Slug)));
        var key = await region.ReaderAsync();

        var byToken = await (await token.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).Content.ReadAsStringAsync();
        var byKey = await (await key.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).Content.ReadAsStringAsync();

        Assert.Equal(byKey, byToken);
        await (await token.GetAsync(GetRegionRequest.BuildRoute(other.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var forbidden = await token.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Daten" });
        await forbidden.ShouldBeProblemAsync(HttpStatusCode.Forbidden, ProblemTypes.Forbidden);
    }

    [Fact]
    public async Task A_coordinator_token_writes_as_its_subject_in_the_change_log()
    {
        var region = await app.NewRegionAsync();
        var subject = "kreis-office-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = app.WithToken(TestTokens.Create(TestTokens.For(RoleNames.Coordinator, region.Slug, subject: subject)));

        var created = await (await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Daten" }))
            .ReadAsync<ThemeResponse>(HttpStatusCode.Created);

        var actors = await app.QueryAsync<string>(
            SqlStatement.Shared("SELECT Actor FROM Changes WHERE EntityType = @EntityType AND EntityId = @EntityId"), new { ThemesChanges.EntityType, EntityId = ThemesChanges.EntityId(created.Id) });
        Assert.Equal(["jwt:" + subject], actors);
    }

    [Fact]
    public async Task A_member_token_is_bound_to_its_AGS_and_refused_while_the_member_is_deactivated()
    {
        var region = await app.NewRegionAsync();
        var ahlen = region.Ags("004");
        var coordinator = await region.CoordinatorAsync();
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ahlen, Kind = MemberKind.Municipality, Name = "Ahlen" })).StatusCode);
        var member = app.WithToken(TestTokens.Create(TestTokens.For(RoleNames.Member, region.Slug, ahlen)));
        var stranger = app.WithToken(TestTokens.Create(TestTokens.For(RoleNames.Member, region.Slug, region.Ags("008"))));
        var route = GetRegionRequest.BuildRoute(region.Slug);

        var before = await member.GetAsync(route);
        await (await stranger.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, ahlen), "\"1\"");
        var whileDeactivated = await member.GetAsync(route);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await whileDeactivated.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_token_sees_every_region()
    {
        var region = await app.NewRegionAsync();
        var admin = app.WithToken(TestTokens.Create(TestTokens.For(RoleNames.Admin)));

        var response = await admin.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        Assert.Equal(region.Slug, (await response.ReadAsync<RegionResponse>()).Slug);
    }

    private static Dictionary<string, object> Without(Dictionary<string, object> claims, string name)
    {
        var copy = new Dictionary<string, object>(claims, StringComparer.Ordinal);
        copy.Remove(name);
        return copy;
    }
}
