using System.Net;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.ApiKeys;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.ApiKeys;

[Collection(SqliteCollection.Name)]
public sealed class ApiKeysTestsOnSqlite(SqliteApp app) : ApiKeysTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ApiKeysTestsOnSqlServer(SqlServerApp app) : ApiKeysTests(app);

/// <summary>
/// Credentials over HTTP: admins manage every key, coordinators the member and reader keys of their region. A key
/// works at once, the secret is shown once, and revocation or expiry takes effect on the very next request.
/// </summary>
public abstract class ApiKeysTests
{
    private readonly SmartRegionApp app;

    protected ApiKeysTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_key_created_over_HTTP_works_at_once_and_lists_never_show_its_secret_or_hash()
    {
        var region = await app.NewRegionAsync();

        var response = await app.Admin().PostJsonAsync(CreateApiKeyRequest.BuildRoute(),
            new CreateApiKeyRequest { Role = ApiKeyRole.Reader, Region = region.Slug, Label = "Dashboard Lenkungskreis" });
        var created = await response.ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var read = await app.WithKey(created.Key).GetAsync(GetRegionRequest.BuildRoute(region.Slug));
        var listed = await app.Admin().GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug));
        var listText = await listed.Content.ReadAsStringAsync();
        var page = await listed.ReadAsync<Page<ApiKeyResponse>>();

        Assert.Equal((ApiKeyRole.Reader, region.Slug, (string?)null, "Dashboard Lenkungskreis", (DateTimeOffset?)null), (created.Role, created.Region, created.Ags, created.Label, created.ExpiresAt));
        Assert.StartsWith("sr_", created.Key, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var key = Assert.Single(page.Items, k => k.Id == created.Id);
        Assert.Equal((ApiKeyRole.Reader, region.Slug, "Dashboard Lenkungskreis", created.CreatedAt, (DateTimeOffset?)null), (key.Role, key.Region, key.Label, key.CreatedAt, key.RevokedAt));
        Assert.NotNull(key.LastUsedAt);
        Assert.DoesNotContain(created.Key, listText, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKeyStore.Hash(created.Key), listText, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", listText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_coordinator_creates_and_revokes_a_member_key_which_is_refused_on_the_very_next_request()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ahlen = region.Ags("004");
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ahlen, Kind = MemberKind.Municipality, Name = "Stadt Ahlen" })).StatusCode);

        var created = await (await coordinator.PostJsonAsync(CreateRegionApiKeyRequest.BuildRoute(region.Slug),
            new CreateRegionApiKeyRequest { Role = ApiKeyRole.Member, Ags = ahlen, Label = "Ratsinformationssystem Ahlen" })).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var member = app.WithKey(created.Key);
        var before = await member.GetAsync(GetMemberRequest.BuildRoute(region.Slug, ahlen));
        var revoked = await coordinator.DeleteAsync(RevokeRegionApiKeyRequest.BuildRoute(region.Slug, created.Id), ifMatch: null);
        var after = await member.GetAsync(GetMemberRequest.BuildRoute(region.Slug, ahlen));
        var again = await coordinator.DeleteAsync(RevokeRegionApiKeyRequest.BuildRoute(region.Slug, created.Id), ifMatch: null);

        Assert.Equal((ApiKeyRole.Member, (string?)ahlen), (created.Role, created.Ags));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await after.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        var listed = await (await coordinator.GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug))).ReadAsync<Page<ApiKeyResponse>>();
        Assert.NotNull(Assert.Single(listed.Items, k => k.Id == created.Id).RevokedAt);
    }

    [Fact]
    public async Task A_coordinator_manages_only_member_and_reader_keys_of_its_own_region()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var otherCoordinatorKey = await app.Keys.CreateAsync(RoleNames.Coordinator, region.Slug, null, "second coordinator", CancellationToken.None);
        var foreignReader = await app.Keys.CreateAsync(RoleNames.Reader, other.Slug, null, "foreign reader", CancellationToken.None);

        var coordinatorKey = await coordinator.PostJsonAsync(CreateRegionApiKeyRequest.BuildRoute(region.Slug), new CreateRegionApiKeyRequest { Role = ApiKeyRole.Coordinator, Label = "x" });
        var adminKey = await coordinator.PostJsonAsync(CreateRegionApiKeyRequest.BuildRoute(region.Slug), new CreateRegionApiKeyRequest { Role = ApiKeyRole.Admin, Label = "x" });
        var inOther = await coordinator.PostJsonAsync(CreateRegionApiKeyRequest.BuildRoute(other.Slug), new CreateRegionApiKeyRequest { Role = ApiKeyRole.Reader, Label = "x" });
        var global = await coordinator.PostJsonAsync(CreateApiKeyRequest.BuildRoute(), new CreateApiKeyRequest { Role = ApiKeyRole.Reader, Region = region.Slug, Label = "x" });
        var revokeCoordinator = await coordinator.DeleteAsync(RevokeRegionApiKeyRequest.BuildRoute(region.Slug, otherCoordinatorKey.Id), ifMatch: null);
        var revokeForeign = await coordinator.DeleteAsync(RevokeRegionApiKeyRequest.BuildRoute(region.Slug, foreignReader.Id), ifMatch: null);
        var listOther = await coordinator.GetAsync(ListRegionApiKeysRequest.BuildRoute(other.Slug));
        var listByReader = await (await region.ReaderAsync()).GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug));
        var listed = await (await coordinator.GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug))).ReadAsync<Page<ApiKeyResponse>>();

        await coordinatorKey.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await adminKey.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await inOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await global.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await revokeCoordinator.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await revokeForeign.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await listOther.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await listByReader.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        Assert.All(listed.Items, k => Assert.Contains(k.Role, new[] { ApiKeyRole.Member, ApiKeyRole.Reader }));
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(otherCoordinatorKey.Key).GetAsync(GetRegionRequest.BuildRoute(region.Slug))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.WithKey(foreignReader.Key).GetAsync(GetRegionRequest.BuildRoute(other.Slug))).StatusCode);
    }

    [Fact]
    public async Task An_admin_lists_every_region_and_revokes_any_key_and_creates_admin_keys()
    {
        var region = await app.NewRegionAsync();
        var coordinatorKey = await app.Keys.CreateAsync(RoleNames.Coordinator, region.Slug, null, "to revoke", CancellationToken.None);

        var createdAdmin = await (await app.Admin().PostJsonAsync(CreateApiKeyRequest.BuildRoute(), new CreateApiKeyRequest { Role = ApiKeyRole.Admin, Label = "second operator" }))
            .ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var revoked = await app.Admin().DeleteAsync(RevokeApiKeyRequest.BuildRoute(coordinatorKey.Id), ifMatch: null);
        var unknown = await app.Admin().DeleteAsync(RevokeApiKeyRequest.BuildRoute(Guid.CreateVersion7()), ifMatch: null);
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var route = ListApiKeysRequest.BuildRoute() + "?limit=200" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await app.WithKey(createdAdmin.Key).GetAsync(route)).ReadAsync<Page<ApiKeyResponse>>();
            ids.AddRange(page.Items.Select(k => k.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal((ApiKeyRole.Admin, (string?)null), (createdAdmin.Role, createdAdmin.Region));
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await app.WithKey(coordinatorKey.Key).GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(coordinatorKey.Id, ids);
        Assert.Contains(createdAdmin.Id, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Creating_refuses_a_past_expiry_a_missing_or_unknown_AGS_and_an_Idempotency_Key()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var route = CreateRegionApiKeyRequest.BuildRoute(region.Slug);

        var past = await coordinator.PostJsonAsync(route, new CreateRegionApiKeyRequest { Role = ApiKeyRole.Reader, Label = "x", ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });
        var noAgs = await coordinator.PostJsonAsync(route, new CreateRegionApiKeyRequest { Role = ApiKeyRole.Member, Label = "x" });
        var unknownMember = await coordinator.PostJsonAsync(route, new CreateRegionApiKeyRequest { Role = ApiKeyRole.Member, Ags = region.Ags("004"), Label = "x" });
        var readerWithAgs = await coordinator.PostJsonAsync(route, new CreateRegionApiKeyRequest { Role = ApiKeyRole.Reader, Ags = region.Ags("004"), Label = "x" });
        var withKey = await coordinator.PostJsonAsync(route, new CreateRegionApiKeyRequest { Role = ApiKeyRole.Reader, Label = "x" }, idempotencyKey: "retry-1");

        Assert.Contains("expiresAt", (await past.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("ags", (await noAgs.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await unknownMember.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("ags", (await readerWithAgs.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await withKey.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var listed = await (await coordinator.GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug))).ReadAsync<Page<ApiKeyResponse>>();
        Assert.DoesNotContain(listed.Items, k => k.Label == "x");
    }

    [Fact]
    public async Task An_expired_key_is_refused_from_its_expiry_on()
    {
        var region = await app.NewRegionAsync();
        var clock = new TestClock();
        await using var host = app.WithClock(clock);
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        var expiresAt = clock.GetUtcNow().AddHours(1);

        var created = await (await coordinator.PostJsonAsync(CreateRegionApiKeyRequest.BuildRoute(region.Slug),
            new CreateRegionApiKeyRequest { Role = ApiKeyRole.Reader, Label = "befristet", ExpiresAt = expiresAt })).ReadAsync<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var reader = host.WithKey(created.Key);
        var before = await reader.GetAsync(GetRegionRequest.BuildRoute(region.Slug));
        clock.Advance(TimeSpan.FromMinutes(61));
        var after = await reader.GetAsync(GetRegionRequest.BuildRoute(region.Slug));

        Assert.Equal(expiresAt.AddTicks(-(expiresAt.UtcTicks % 10)), created.ExpiresAt);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Last_used_is_recorded_at_most_once_a_minute_per_key()
    {
        var region = await app.NewRegionAsync();
        var clock = new TestClock();
        await using var host = app.WithClock(clock);
        var created = await app.Keys.CreateAsync(RoleNames.Reader, region.Slug, null, "last used", CancellationToken.None);
        var reader = host.WithKey(created.Key);
        var route = GetRegionRequest.BuildRoute(region.Slug);

        var start = host.Service<Clock>().Now();
        await reader.GetAsync(route);
        var first = await LastUsedAsync(region, created.Id);
        clock.Advance(TimeSpan.FromSeconds(30));
        await reader.GetAsync(route);
        var within = await LastUsedAsync(region, created.Id);
        clock.Advance(TimeSpan.FromSeconds(31));
        await reader.GetAsync(route);
        var later = await LastUsedAsync(region, created.Id);

        Assert.Equal(start, first);
        Assert.Equal(start, within);
        Assert.Equal(start.AddSeconds(61), later);
    }

    private async Task<DateTimeOffset?> LastUsedAsync(TestRegion region, Guid id)
    {
        var page = await (await app.Admin().GetAsync(ListRegionApiKeysRequest.BuildRoute(region.Slug))).ReadAsync<Page<ApiKeyResponse>>();
        return Assert.Single(page.Items, k => k.Id == id).LastUsedAt;
    }
}
