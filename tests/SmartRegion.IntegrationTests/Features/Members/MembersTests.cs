using System.Net;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Members;

[Collection(SqliteCollection.Name)]
public sealed class MembersTestsOnSqlite(SqliteApp app) : MembersTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class MembersTestsOnSqlServer(SqlServerApp app) : MembersTests(app);

/// <summary>Members: the district and municipalities of a region, keyed by AGS, deactivated but never deleted.</summary>
public abstract class MembersTests
{
    private const string Ahlen = "004";
    private const string Beckum = "008";
    private const string Beelen = "012";
    private const string Drensteinfurt = "016";

    private readonly SmartRegionApp app;

    protected MembersTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_coordinator_creates_reads_lists_and_updates_members()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var created = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest
        {
            Ags = region.Ags(Ahlen),
            Kind = MemberKind.Municipality,
            Name = "Stadt Ahlen",
            Population = 52_000,
            Contact = new MemberContactInput { Name = "Digitalisierung", Email = "digital@ahlen.example", Phone = "02382 59-0" },
        });
        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");

        var member = await created.ReadAsync<MemberResponse>(HttpStatusCode.Created);
        Assert.Equal(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.ETag());
        Assert.Equal(MemberKind.Municipality, member.Kind);
        Assert.True(member.Active);
        Assert.Null(member.DeactivatedAt);
        Assert.Equal(new MemberContact("Digitalisierung", "digital@ahlen.example", "02382 59-0"), member.Contact);

        var read = await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)));
        Assert.Equal(member, await read.ReadAsync<MemberResponse>());
        Assert.Equal("\"1\"", read.ETag());

        var list = await ListAsync(coordinator, region);
        Assert.Equal([region.District, region.Ags(Ahlen)], list.Select(m => m.Ags).ToArray());

        var updated = await coordinator.PutJsonAsync(
            UpdateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)),
            new UpdateMemberRequest { Name = "Stadt Ahlen (Westf.)", Population = 52_500 },
            ifMatch: created.ETag());
        var after = await updated.ReadAsync<MemberResponse>();
        Assert.Equal("\"2\"", updated.ETag());
        Assert.Equal(2, after.Version);
        Assert.Equal("Stadt Ahlen (Westf.)", after.Name);
        Assert.Equal(52_500, after.Population);
        Assert.Null(after.Contact);
        Assert.Equal(MemberKind.Municipality, after.Kind);
        Assert.Equal(member.CreatedAt, after.CreatedAt);
        Assert.Equal(after, await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>());
    }

    [Fact]
    public async Task If_None_Match_with_the_current_ETag_gives_304()
    {
        var region = await app.NewRegionAsync();
        await CreateAsync(app.Admin(), region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var reader = await region.ReaderAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");

        var response = await reader.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task An_AGS_outside_the_Kreis_is_400_on_ags_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var outside = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = "05566004", Kind = MemberKind.Municipality, Name = "Stadt Lengerich" });
        var kreisAsMunicipality = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.District, Kind = MemberKind.Municipality, Name = "Kreis Warendorf" });
        var malformed = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = "5570004", Kind = MemberKind.Municipality, Name = "Stadt Ahlen" });

        foreach (var response in new[] { outside, kreisAsMunicipality, malformed })
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal(["ags"], problem.Errors!.Keys.ToArray());
        }

        Assert.Contains(region.KreisKey, (await outside.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!["ags"].Single(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(coordinator, region));
    }

    [Fact]
    public async Task A_second_district_is_409_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");

        var second = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.District, Kind = MemberKind.District, Name = "Zweiter Kreis" });

        await second.ShouldBeProblemAsync(HttpStatusCode.Conflict, MemberRules.DistrictExistsProblem);
        var list = await ListAsync(coordinator, region);
        Assert.Equal(["Kreis Warendorf"], list.Select(m => m.Name).ToArray());
    }

    [Fact]
    public async Task A_duplicate_AGS_is_409()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");

        var duplicate = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
            new CreateMemberRequest { Ags = region.Ags(Ahlen), Kind = MemberKind.Municipality, Name = "Noch einmal Ahlen" });

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal(["Stadt Ahlen"], (await ListAsync(coordinator, region)).Select(m => m.Name).ToArray());
    }

    [Theory]
    [InlineData(MemberKind.District, "000")]
    [InlineData(MemberKind.Municipality, Ahlen)]
    public async Task Concurrent_creates_of_the_same_member_store_exactly_one(MemberKind kind, string gemeinde)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ags = region.Ags(gemeinde);

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => coordinator.PostJsonAsync(
            CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ags, Kind = kind, Name = $"Versuch {i}" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Single(await ListAsync(coordinator, region));
    }

    [Fact]
    public async Task Two_regions_may_have_members_with_the_same_Gemeinde_part_but_an_AGS_belongs_to_its_Kreis_only()
    {
        // Before Kreis keys were unique, two regions could share one and so the same AGS; now each AGS has one region.
        var first = await app.NewRegionAsync();
        var second = await app.NewRegionAsync();

        await CreateAsync(app.Admin(), first, first.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        await CreateAsync(app.Admin(), second, second.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var firstsAgsInSecond = await app.Admin().PostJsonAsync(CreateMemberRequest.BuildRoute(second.Slug),
            new CreateMemberRequest { Ags = first.Ags(Ahlen), Kind = MemberKind.Municipality, Name = "Stadt Ahlen" });

        Assert.Equal(["ags"], (await firstsAgsInSecond.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation)).Errors!.Keys.ToArray());
        Assert.Equal([second.Ags(Ahlen)], (await ListAsync(app.Admin(), second)).Select(m => m.Ags).ToArray());
    }

    [Fact]
    public async Task Update_needs_the_current_ETag()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var route = UpdateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen));
        var body = new UpdateMemberRequest { Name = "Neuer Name" };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var updated = await coordinator.PutJsonAsync(route, body, ifMatch: "\"1\"");
        var stale = await coordinator.PutJsonAsync(route, body with { Name = "Veraltet" }, ifMatch: "\"1\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        Assert.Equal("\"2\"", updated.ETag());
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
        var current = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>();
        Assert.Equal("Neuer Name", current.Name);
        Assert.Equal(2, current.Version);
    }

    [Theory]
    [InlineData("""{"ags": "{ahlen}", "kind": "municipality", "name": "Stadt Ahlen", "population": "viele"}""", "population")]
    [InlineData("""{"ags": "{ahlen}", "kind": "village", "name": "Stadt Ahlen"}""", "kind")]
    [InlineData("""{"ags": 5570004, "kind": "municipality", "name": "Stadt Ahlen"}""", "ags")]
    public async Task Wrong_JSON_types_and_unknown_kinds_are_400_naming_the_field(string body, string field)
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(
            HttpMethod.Post, CreateMemberRequest.BuildRoute(region.Slug), body.Replace("{ahlen}", region.Ags(Ahlen), StringComparison.Ordinal));

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains(field, problem.Errors!.Keys);
        Assert.Empty(await ListAsync(coordinator, region));
    }

    [Fact]
    public async Task Invalid_fields_are_400_with_one_error_per_field()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest
        {
            Ags = region.Ags(Ahlen),
            Name = new string('x', 201),
            Population = -1,
            Contact = new MemberContactInput { Name = new string('y', 201), Email = "keine-adresse", Phone = new string('1', 51) },
        });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(
            ["contact.email", "contact.name", "contact.phone", "kind", "name", "population"],
            problem.Errors!.Keys.Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(await ListAsync(coordinator, region));
    }

    [Fact]
    public async Task An_overlong_name_in_an_update_is_400_and_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");

        var response = await coordinator.PutJsonAsync(
            UpdateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), new UpdateMemberRequest { Name = new string('x', 201) }, ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["name"], problem.Errors!.Keys.ToArray());
        var current = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>();
        Assert.Equal(("Stadt Ahlen", 1), (current.Name, current.Version));
    }

    [Fact]
    public async Task Another_regions_members_answer_404()
    {
        var mine = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        await CreateAsync(app.Admin(), other, other.Ags(Beckum), MemberKind.Municipality, "Stadt Beckum");
        var coordinator = await mine.CoordinatorAsync();

        var throughMyRegion = await coordinator.GetAsync(GetMemberRequest.BuildRoute(mine.Slug, other.Ags(Beckum)));
        var throughTheirRegion = await coordinator.GetAsync(GetMemberRequest.BuildRoute(other.Slug, other.Ags(Beckum)));
        var theirList = await coordinator.GetAsync(ListMembersRequest.BuildRoute(other.Slug));
        var update = await coordinator.PutJsonAsync(
            UpdateMemberRequest.BuildRoute(other.Slug, other.Ags(Beckum)), new UpdateMemberRequest { Name = "Übernommen" }, ifMatch: "\"1\"");
        var deactivate = await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(other.Slug, other.Ags(Beckum)), ifMatch: "\"1\"");
        var create = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(other.Slug),
            new CreateMemberRequest { Ags = other.Ags(Beelen), Kind = MemberKind.Municipality, Name = "Gemeinde Beelen" });

        foreach (var response in new[] { throughMyRegion, throughTheirRegion, theirList, update, deactivate, create })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
        }

        var stored = await (await app.Admin().GetAsync(GetMemberRequest.BuildRoute(other.Slug, other.Ags(Beckum)))).ReadAsync<MemberResponse>();
        Assert.Equal(("Stadt Beckum", 1, true), (stored.Name, stored.Version, stored.Active));
        Assert.Single(await ListAsync(app.Admin(), other));
    }

    [Fact]
    public async Task Readers_and_members_cannot_create_update_or_deactivate()
    {
        var region = await app.NewRegionAsync();
        await CreateAsync(app.Admin(), region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var clients = new[] { await region.ReaderAsync(), await region.MemberAsync(region.Ags(Ahlen)) };

        foreach (var client in clients)
        {
            var create = await client.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug),
                new CreateMemberRequest { Ags = region.Ags(Beckum), Kind = MemberKind.Municipality, Name = "Stadt Beckum" });
            var update = await client.PutJsonAsync(
                UpdateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), new UpdateMemberRequest { Name = "Eigenmächtig" }, ifMatch: "\"1\"");
            var deactivate = await client.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), ifMatch: "\"1\"");

            await create.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await update.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
            await deactivate.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        var list = await ListAsync(app.Admin(), region);
        var only = Assert.Single(list);
        Assert.Equal(("Stadt Ahlen", 1, true), (only.Name, only.Version, only.Active));
    }

    [Fact]
    public async Task A_member_is_deactivated_and_reactivated_with_ETags()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var deactivateRoute = DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen));
        var reactivateRoute = ReactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen));

        var withoutIfMatch = await coordinator.PostCommandAsync(deactivateRoute, ifMatch: null);
        await withoutIfMatch.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);

        var deactivated = await coordinator.PostCommandAsync(deactivateRoute, ifMatch: "\"1\"");
        var inactive = await deactivated.ReadAsync<MemberResponse>();
        Assert.False(inactive.Active);
        Assert.NotNull(inactive.DeactivatedAt);
        Assert.Equal("\"2\"", deactivated.ETag());

        var staleReactivate = await coordinator.PostCommandAsync(reactivateRoute, ifMatch: "\"1\"");
        await staleReactivate.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var again = await coordinator.PostCommandAsync(deactivateRoute, ifMatch: deactivated.ETag());
        var againProblem = await again.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Contains("already inactive", againProblem.Detail, StringComparison.Ordinal);

        var reactivated = await coordinator.PostCommandAsync(reactivateRoute, ifMatch: deactivated.ETag());
        var active = await reactivated.ReadAsync<MemberResponse>();
        Assert.True(active.Active);
        Assert.Null(active.DeactivatedAt);
        Assert.Equal("\"3\"", reactivated.ETag());

        var reactivateActive = await coordinator.PostCommandAsync(reactivateRoute, ifMatch: reactivated.ETag());
        var activeProblem = await reactivateActive.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Conflict);
        Assert.Contains("already active", activeProblem.Detail, StringComparison.Ordinal);
        var current = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>();
        Assert.Equal(active, current);
    }

    [Fact]
    public async Task Members_are_never_deleted()
    {
        var region = await app.NewRegionAsync();
        await CreateAsync(app.Admin(), region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");

        var response = await app.Admin().OutsideContract("probes that the document's missing DELETE is really refused").DeleteAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)), ifMatch: "\"1\"");

        await response.ShouldBeProblemAsync(HttpStatusCode.MethodNotAllowed);
        Assert.Single(await ListAsync(app.Admin(), region));
    }

    [Fact]
    public async Task The_district_cannot_be_deactivated()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");

        var response = await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.District), ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("district", problem.Detail, StringComparison.Ordinal);
        var district = await (await coordinator.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.District))).ReadAsync<MemberResponse>();
        Assert.Equal((true, 1), (district.Active, district.Version));
    }

    [Fact]
    public async Task The_list_filters_by_kind_activity_and_modification_time()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");
        foreach (var (ags, name) in new[] { (region.Ags(Ahlen), "Stadt Ahlen"), (region.Ags(Beckum), "Stadt Beckum"), (region.Ags(Beelen), "Gemeinde Beelen") })
        {
            await CreateAsync(coordinator, region, ags, MemberKind.Municipality, name);
        }

        var deactivated = await (await coordinator.PostCommandAsync(DeactivateMemberRequest.BuildRoute(region.Slug, region.Ags(Beckum)), ifMatch: "\"1\""))
            .ReadAsync<MemberResponse>();

        Assert.Equal([region.Ags(Ahlen), region.Ags(Beckum), region.Ags(Beelen)], await AgsAsync(coordinator, region, "kind=municipality"));
        Assert.Equal([region.District], await AgsAsync(coordinator, region, "kind=district"));
        Assert.Equal([region.Ags(Beckum)], await AgsAsync(coordinator, region, "active=false"));
        Assert.Equal([region.Ags(Ahlen), region.Ags(Beelen)], await AgsAsync(coordinator, region, "kind=municipality&active=true"));
        Assert.Equal([region.Ags(Beckum)], await AgsAsync(coordinator, region, $"modifiedSince={Uri.EscapeDataString(deactivated.UpdatedAt.ToString("O"))}"));
        var unknownKind = await coordinator.GetAsync($"{ListMembersRequest.BuildRoute(region.Slug)}?kind=village");
        await unknownKind.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Paging_with_limit_2_finds_every_member_once_in_AGS_order()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        foreach (var ags in new[] { region.Ags(Drensteinfurt), region.Ags(Ahlen), region.Ags(Beelen), region.Ags(Beckum) })
        {
            await CreateAsync(coordinator, region, ags, MemberKind.Municipality, $"Gemeinde {ags}");
        }

        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");

        var seen = new List<string>();
        var pages = 0;
        var next = $"{ListMembersRequest.BuildRoute(region.Slug)}?limit=2";
        while (next is not null)
        {
            var response = await coordinator.GetAsync(next);
            var page = await response.ReadAsync<Page<MemberResponse>>();
            pages++;
            seen.AddRange(page.Items.Select(m => m.Ags));
            next = page.NextCursor is null ? null : response.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        }

        Assert.Equal(3, pages);
        Assert.Equal([region.District, region.Ags(Ahlen), region.Ags(Beckum), region.Ags(Beelen), region.Ags(Drensteinfurt)], seen.ToArray());
    }

    [Fact]
    public async Task German_names_round_trip_byte_exact()
    {
        const string name = "Stadt Öhringen-Süd „Münsterland“ – Ä Ö Ü ä ö ü ß";
        const string contactName = "Bürgermeisterbüro „Digitales“";
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest
        {
            Ags = region.Ags(Ahlen),
            Kind = MemberKind.Municipality,
            Name = name,
            Contact = new MemberContactInput { Name = contactName },
        });
        await created.ReadAsync<MemberResponse>(HttpStatusCode.Created);

        var one = System.Text.Encoding.UTF8.GetString(await coordinator.GetByteArrayAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen))));
        var list = System.Text.Encoding.UTF8.GetString(await coordinator.GetByteArrayAsync(ListMembersRequest.BuildRoute(region.Slug)));

        foreach (var text in new[] { one, list })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
            Assert.Contains(contactName, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_member_client_reads_its_regions_member_list()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, region.District, MemberKind.District, "Kreis Warendorf");
        await CreateAsync(coordinator, region, region.Ags(Ahlen), MemberKind.Municipality, "Stadt Ahlen");
        var member = await region.MemberAsync(region.Ags(Ahlen));

        var list = await ListAsync(member, region);

        Assert.Equal([region.District, region.Ags(Ahlen)], list.Select(m => m.Ags).ToArray());
        var own = await (await member.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)))).ReadAsync<MemberResponse>();
        Assert.Equal("Stadt Ahlen", own.Name);
    }

    [Fact]
    public async Task An_unknown_member_is_404()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var response = await reader.GetAsync(GetMemberRequest.BuildRoute(region.Slug, region.Ags(Ahlen)));

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound, ProblemTypes.NotFound);
    }

    private static async Task<MemberResponse> CreateAsync(HttpClient client, TestRegion region, string ags, MemberKind kind, string name)
    {
        var response = await client.PostJsonAsync(
            CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ags, Kind = kind, Name = name });
        return await response.ReadAsync<MemberResponse>(HttpStatusCode.Created);
    }

    private static async Task<IReadOnlyList<MemberResponse>> ListAsync(HttpClient client, TestRegion region)
    {
        var page = await (await client.GetAsync(ListMembersRequest.BuildRoute(region.Slug))).ReadAsync<Page<MemberResponse>>();
        Assert.Null(page.NextCursor);
        return page.Items;
    }

    private static async Task<string[]> AgsAsync(HttpClient client, TestRegion region, string query)
    {
        var page = await (await client.GetAsync($"{ListMembersRequest.BuildRoute(region.Slug)}?{query}")).ReadAsync<Page<MemberResponse>>();
        return page.Items.Select(m => m.Ags).ToArray();
    }
}
