using System.Globalization;
using System.Net;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.FieldsOfAction;

[Collection(SqliteCollection.Name)]
public sealed class FieldsOfActionTestsOnSqlite(SqliteApp app) : FieldsOfActionTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class FieldsOfActionTestsOnSqlServer(SqlServerApp app) : FieldsOfActionTests(app);

/// <summary>Fields of action: kept in an order per region, edited with If-Match, reordered against the list's ETag.</summary>
public abstract class FieldsOfActionTests
{
    private readonly SmartRegionApp app;

    protected FieldsOfActionTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_coordinator_creates_a_field_of_action_that_readers_read_and_list()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var reader = await region.ReaderAsync();

        var response = await coordinator.PostJsonAsync(
            CreateFieldOfActionRequest.BuildRoute(region.Slug),
            new CreateFieldOfActionRequest { Name = "Digitale Infrastruktur", Description = "Glasfaser, 5G und WLAN" });

        var created = await response.ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);
        Assert.Equal("Digitale Infrastruktur", created.Name);
        Assert.Equal("Glasfaser, 5G und WLAN", created.Description);
        Assert.Equal(1, created.Position);
        Assert.Equal(1, created.Version);
        Assert.Equal(7, created.Id.Version);
        Assert.Equal("\"1\"", response.ETag());
        Assert.Equal(GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id), response.Headers.Location?.OriginalString);

        var get = await reader.GetAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id));
        Assert.Equal(created, await get.ReadAsync<FieldOfActionResponse>());
        Assert.Equal("\"1\"", get.ETag());
        var page = await (await reader.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Equal([created], page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task New_fields_of_action_are_appended_with_positions_from_1()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        await CreateAsync(coordinator, region, "Digitale Infrastruktur");
        await CreateAsync(coordinator, region, "Verwaltung");
        await CreateAsync(coordinator, region, "Wirtschaft & Arbeit");

        var items = await ListAllAsync(coordinator, region);
        Assert.Equal(["Digitale Infrastruktur", "Verwaltung", "Wirtschaft & Arbeit"], items.Select(i => i.Name));
        Assert.Equal([1, 2, 3], items.Select(i => i.Position));
    }

    [Fact]
    public async Task A_name_differing_only_in_case_is_a_409_duplicate_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, "Digitale Infrastruktur");

        var duplicate = await coordinator.PostJsonAsync(
            CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "DIGITALE  infrastruktur" });

        await duplicate.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        var items = await ListAllAsync(coordinator, region);
        Assert.Equal(["Digitale Infrastruktur"], items.Select(i => i.Name));
    }

    [Fact]
    public async Task Concurrent_creates_get_distinct_positions_and_a_name_only_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var route = CreateFieldOfActionRequest.BuildRoute(region.Slug);

        var responses = await Task.WhenAll(
            Enumerable.Range(1, 6).Select(i => coordinator.PostJsonAsync(route, new CreateFieldOfActionRequest { Name = $"Feld {i}" }))
                .Concat(Enumerable.Range(1, 4).Select(_ => coordinator.PostJsonAsync(route, new CreateFieldOfActionRequest { Name = "Verwaltung" }))));

        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var conflict in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await conflict.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        }

        var items = await ListAllAsync(coordinator, region);
        Assert.Equal(7, items.Count);
        Assert.Equal(Enumerable.Range(1, 7), items.Select(i => i.Position));
    }

    [Fact]
    public async Task The_same_name_in_another_region_is_fine()
    {
        var first = await app.NewRegionAsync();
        var second = await app.NewRegionAsync();

        await CreateAsync(app.Admin(), first, "Verwaltung");
        var other = await CreateAsync(app.Admin(), second, "Verwaltung");

        Assert.Equal(1, other.Position);
    }

    [Fact]
    public async Task An_overlong_name_or_description_is_400_naming_the_fields_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var overlong = await coordinator.PostJsonAsync(
            CreateFieldOfActionRequest.BuildRoute(region.Slug),
            new CreateFieldOfActionRequest { Name = new string('x', FieldOfActionRules.NameMaxLength + 1), Description = new string('y', FieldOfActionRules.DescriptionMaxLength + 1) });
        var empty = await coordinator.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "  " });

        var problem = await overlong.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["description", "name"], problem.Errors!.Keys.Order(StringComparer.Ordinal));
        var emptyProblem = await empty.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["name"], emptyProblem.Errors!.Keys);
        Assert.Empty(await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task A_name_of_exactly_200_characters_is_accepted()
    {
        var region = await app.NewRegionAsync();
        var name = new string('ä', FieldOfActionRules.NameMaxLength);

        var created = await CreateAsync(app.Admin(), region, name);

        Assert.Equal(name, created.Name);
    }

    [Fact]
    public async Task German_text_round_trips_byte_exact()
    {
        const string name = "Klimaschutz, Mobilität & Umwelt";
        const string description = "„Klimaschutz“ für Straßen, Bürgerinnen und Bürger: Ä Ö Ü ä ö ü ß";
        var region = await app.NewRegionAsync();
        var created = await CreateAsync(app.Admin(), region, name, description);

        var raw = await app.Admin().GetByteArrayAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id));

        var text = System.Text.Encoding.UTF8.GetString(raw);
        // & (like < and >) is escaped in JSON so a response pasted into HTML stays inert; umlauts and quotes stay readable.
        Assert.Contains(name.Replace("&", "\\u0026", StringComparison.Ordinal), text, StringComparison.Ordinal);
        Assert.Contains(description, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_replaces_name_and_description_and_needs_the_current_ETag()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await CreateAsync(coordinator, region, "Verwaltung", "Alt");
        var route = UpdateFieldOfActionRequest.BuildRoute(region.Slug, created.Id);
        var body = new UpdateFieldOfActionRequest { Name = "Digitale Verwaltung", Description = "Neu" };

        var missing = await coordinator.PutJsonAsync(route, body, ifMatch: null);
        var updated = await coordinator.PutJsonAsync(route, body, ifMatch: created.ETag());
        var stale = await coordinator.PutJsonAsync(route, body with { Name = "Veraltet" }, ifMatch: created.ETag());

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var read = await updated.ReadAsync<FieldOfActionResponse>();
        Assert.Equal(("Digitale Verwaltung", "Neu", 2, 1), (read.Name, read.Description, read.Version, read.Position));
        Assert.Equal("\"2\"", updated.ETag());
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await coordinator.GetAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<FieldOfActionResponse>();
        Assert.Equal(read, current);
    }

    [Fact]
    public async Task Update_without_If_Match_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await CreateAsync(coordinator, region, "Verwaltung", "Alt");

        var missing = await coordinator.PutJsonAsync(
            UpdateFieldOfActionRequest.BuildRoute(region.Slug, created.Id), new UpdateFieldOfActionRequest { Name = "Anders" }, ifMatch: null);

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var current = await (await coordinator.GetAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<FieldOfActionResponse>();
        Assert.Equal(created, current);
    }

    [Fact]
    public async Task Renaming_to_another_fields_name_is_a_409_duplicate()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, "Verwaltung");
        var other = await CreateAsync(coordinator, region, "Wirtschaft & Arbeit");

        var response = await coordinator.PutJsonAsync(
            UpdateFieldOfActionRequest.BuildRoute(region.Slug, other.Id), new UpdateFieldOfActionRequest { Name = "verwaltung" }, other.ETag());
        var sameNameOtherCase = await coordinator.PutJsonAsync(
            UpdateFieldOfActionRequest.BuildRoute(region.Slug, other.Id), new UpdateFieldOfActionRequest { Name = "WIRTSCHAFT & Arbeit" }, other.ETag());

        await response.ShouldBeProblemAsync(HttpStatusCode.Conflict, ProblemTypes.Duplicate);
        Assert.Equal("WIRTSCHAFT & Arbeit", (await sameNameOtherCase.ReadAsync<FieldOfActionResponse>()).Name);
    }

    [Fact]
    public async Task Delete_needs_the_current_ETag_and_closes_up_the_positions()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var first = await CreateAsync(coordinator, region, "Digitale Infrastruktur");
        var second = await CreateAsync(coordinator, region, "Verwaltung");
        await CreateAsync(coordinator, region, "Wirtschaft & Arbeit");
        await CreateAsync(coordinator, region, "Innenstadt & Dorfmitte");
        var route = DeleteFieldOfActionRequest.BuildRoute(region.Slug, second.Id);

        var missing = await coordinator.DeleteAsync(route, ifMatch: null);
        var stale = await coordinator.DeleteAsync(route, ifMatch: "\"7\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(4, (await ListAllAsync(coordinator, region)).Count);

        var deleted = await coordinator.DeleteAsync(route, second.ETag());

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await (await coordinator.GetAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, second.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var items = await ListAllAsync(coordinator, region);
        Assert.Equal(["Digitale Infrastruktur", "Wirtschaft & Arbeit", "Innenstadt & Dorfmitte"], items.Select(i => i.Name));
        Assert.Equal([1, 2, 3], items.Select(i => i.Position));
        Assert.Equal(first, items[0]);
        Assert.All(items.Skip(1), moved => Assert.Equal(2, moved.Version));

        var appended = await CreateAsync(coordinator, region, "Familie, Bildung & Lebensqualität");
        Assert.Equal(4, appended.Position);
    }

    [Fact]
    public async Task Reorder_puts_the_fields_in_the_new_order_with_positions_1_to_n()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var a = await CreateAsync(coordinator, region, "A");
        var b = await CreateAsync(coordinator, region, "B");
        var c = await CreateAsync(coordinator, region, "C");
        var listETag = (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ETag();

        var response = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), new ReorderFieldsOfActionRequest { Ids = [c.Id, a.Id, b.Id] }, ifMatch: listETag);

        var reordered = await response.ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Equal(["C", "A", "B"], reordered.Items.Select(i => i.Name));
        Assert.Equal([1, 2, 3], reordered.Items.Select(i => i.Position));
        Assert.All(reordered.Items, moved => Assert.Equal(2, moved.Version));
        Assert.NotEqual(listETag, response.ETag());
        var list = await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug));
        Assert.Equal(reordered.Items, (await list.ReadAsync<Page<FieldOfActionResponse>>()).Items);
        Assert.Equal(response.ETag(), list.ETag());
    }

    [Fact]
    public async Task Reorder_bumps_only_the_fields_that_moved()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var a = await CreateAsync(coordinator, region, "A");
        var b = await CreateAsync(coordinator, region, "B");
        var c = await CreateAsync(coordinator, region, "C");
        var listETag = (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ETag();

        var response = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), new ReorderFieldsOfActionRequest { Ids = [b.Id, a.Id, c.Id] }, ifMatch: listETag);

        var items = (await response.ReadAsync<Page<FieldOfActionResponse>>()).Items;
        Assert.Equal([("B", 2), ("A", 2), ("C", 1)], items.Select(i => (i.Name, i.Version)));
        Assert.Equal(c, items[2]);
    }

    [Fact]
    public async Task Reorder_without_or_with_a_stale_list_ETag_is_428_or_412_and_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var a = await CreateAsync(coordinator, region, "A");
        var b = await CreateAsync(coordinator, region, "B");
        var oldETag = (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ETag();
        var c = await CreateAsync(coordinator, region, "C");
        var body = new ReorderFieldsOfActionRequest { Ids = [c.Id, b.Id, a.Id] };

        var missing = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), body, ifMatch: null);
        var stale = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), body, ifMatch: oldETag);
        var versionInstead = await coordinator.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), body, ifMatch: "\"1\"");

        await missing.ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        await stale.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await versionInstead.ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal([a, b, c], await ListAllAsync(coordinator, region));
    }

    [Fact]
    public async Task Reorder_with_a_missing_foreign_or_repeated_id_is_400_on_ids_and_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var a = await CreateAsync(coordinator, region, "A");
        var b = await CreateAsync(coordinator, region, "B");
        var foreign = await CreateAsync(app.Admin(), other, "Fremd");
        var listETag = (await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ETag();
        var route = ReorderFieldsOfActionRequest.BuildRoute(region.Slug);

        var missingId = await coordinator.SendJsonAsync(HttpMethod.Post, route, new ReorderFieldsOfActionRequest { Ids = [b.Id] }, ifMatch: listETag);
        var foreignId = await coordinator.SendJsonAsync(HttpMethod.Post, route, new ReorderFieldsOfActionRequest { Ids = [b.Id, foreign.Id] }, ifMatch: listETag);
        var extraId = await coordinator.SendJsonAsync(HttpMethod.Post, route, new ReorderFieldsOfActionRequest { Ids = [b.Id, a.Id, foreign.Id] }, ifMatch: listETag);
        var repeated = await coordinator.SendJsonAsync(HttpMethod.Post, route, new ReorderFieldsOfActionRequest { Ids = [b.Id, b.Id] }, ifMatch: listETag);

        foreach (var response in new[] { missingId, foreignId, extraId, repeated })
        {
            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
            Assert.Equal(["ids"], problem.Errors!.Keys);
        }

        Assert.Equal([a, b], await ListAllAsync(coordinator, region));
        Assert.Equal(foreign, await (await app.Admin().GetAsync(GetFieldOfActionRequest.BuildRoute(other.Slug, foreign.Id))).ReadAsync<FieldOfActionResponse>());
    }

    [Fact]
    public async Task A_reader_can_read_but_not_create_change_delete_or_reorder()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var created = await CreateAsync(app.Admin(), region, "Verwaltung");
        var listETag = (await reader.GetAsync(ListFieldsOfActionRequest.BuildRoute(region.Slug))).ETag();

        var create = await reader.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "Neu" });
        var update = await reader.PutJsonAsync(UpdateFieldOfActionRequest.BuildRoute(region.Slug, created.Id), new UpdateFieldOfActionRequest { Name = "Neu" }, created.ETag());
        var delete = await reader.DeleteAsync(DeleteFieldOfActionRequest.BuildRoute(region.Slug, created.Id), created.ETag());
        var reorder = await reader.SendJsonAsync(HttpMethod.Post, ReorderFieldsOfActionRequest.BuildRoute(region.Slug), new ReorderFieldsOfActionRequest { Ids = [created.Id] }, ifMatch: listETag);

        foreach (var response in new[] { create, update, delete, reorder })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        Assert.Equal([created], await ListAllAsync(reader, region));
    }

    [Fact]
    public async Task Another_regions_key_gets_404_and_changes_nothing()
    {
        var mine = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var theirs = await CreateAsync(app.Admin(), other, "Verwaltung");
        var coordinator = await mine.CoordinatorAsync();

        var list = await coordinator.GetAsync(ListFieldsOfActionRequest.BuildRoute(other.Slug));
        var get = await coordinator.GetAsync(GetFieldOfActionRequest.BuildRoute(other.Slug, theirs.Id));
        var create = await coordinator.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(other.Slug), new CreateFieldOfActionRequest { Name = "Eingeschleust" });
        var update = await coordinator.PutJsonAsync(UpdateFieldOfActionRequest.BuildRoute(other.Slug, theirs.Id), new UpdateFieldOfActionRequest { Name = "X" }, theirs.ETag());
        var delete = await coordinator.DeleteAsync(DeleteFieldOfActionRequest.BuildRoute(other.Slug, theirs.Id), theirs.ETag());
        // Their id under my own region's address is just as unknown.
        var viaMine = await coordinator.GetAsync(GetFieldOfActionRequest.BuildRoute(mine.Slug, theirs.Id));
        var deleteViaMine = await coordinator.DeleteAsync(DeleteFieldOfActionRequest.BuildRoute(mine.Slug, theirs.Id), theirs.ETag());

        foreach (var response in new[] { list, get, create, update, delete, viaMine, deleteViaMine })
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal([theirs], await ListAllAsync(app.Admin(), other));
    }

    [Fact]
    public async Task An_unknown_or_malformed_id_is_a_problem_never_a_500()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        var unknown = await reader.GetAsync(GetFieldOfActionRequest.BuildRoute(region.Slug, Guid.CreateVersion7()));
        var malformed = await reader.GetAsync($"{ListFieldsOfActionRequest.BuildRoute(region.Slug)}/not-a-uuid");

        await unknown.ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var problem = await malformed.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["id"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task Get_with_the_current_ETag_in_If_None_Match_gives_304()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var created = await CreateAsync(app.Admin(), region, "Verwaltung");

        var response = await SendIfNoneMatchAsync(reader, GetFieldOfActionRequest.BuildRoute(region.Slug, created.Id), created.ETag());

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Fact]
    public async Task The_list_answers_304_while_unchanged_and_200_after_any_change()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await CreateAsync(coordinator, region, "Verwaltung");
        var route = ListFieldsOfActionRequest.BuildRoute(region.Slug);
        var etag = (await reader.GetAsync(route)).ETag();

        var unchanged = await SendIfNoneMatchAsync(reader, route, etag);
        await coordinator.PutJsonAsync(UpdateFieldOfActionRequest.BuildRoute(region.Slug, created.Id), new UpdateFieldOfActionRequest { Name = "Digitale Verwaltung" }, created.ETag());
        var changed = await SendIfNoneMatchAsync(reader, route, etag);

        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.ETag());
        var page = await changed.ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Equal(["Digitale Verwaltung"], page.Items.Select(i => i.Name));
        Assert.NotEqual(etag, changed.ETag());
    }

    [Fact]
    public async Task Paging_with_limit_2_visits_every_field_once_in_order()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        string[] names = ["Digitale Infrastruktur", "Klimaschutz, Mobilität & Umwelt", "Familie, Bildung & Lebensqualität", "Verwaltung", "Wirtschaft & Arbeit"];
        foreach (var name in names)
        {
            await CreateAsync(coordinator, region, name);
        }

        var seen = new List<FieldOfActionResponse>();
        var pages = 0;
        var next = $"{ListFieldsOfActionRequest.BuildRoute(region.Slug)}?limit=2";
        while (next is not null)
        {
            var response = await coordinator.GetAsync(next);
            var page = await response.ReadAsync<Page<FieldOfActionResponse>>();
            Assert.True(page.Items.Count <= 2);
            seen.AddRange(page.Items);
            pages++;
            next = page.NextCursor is null ? null : response.Headers.GetValues("Link").Single().Split(';')[0].Trim('<', '>');
        }

        Assert.Equal(3, pages);
        Assert.Equal(names, seen.Select(i => i.Name));
        Assert.Equal([1, 2, 3, 4, 5], seen.Select(i => i.Position));
    }

    [Fact]
    public async Task ModifiedSince_lists_only_the_fields_changed_since()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await CreateAsync(coordinator, region, "Verwaltung");
        var later = await CreateAsync(coordinator, region, "Wirtschaft & Arbeit");
        var since = Uri.EscapeDataString(later.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

        var page = await (await coordinator.GetAsync($"{ListFieldsOfActionRequest.BuildRoute(region.Slug)}?modifiedSince={since}")).ReadAsync<Page<FieldOfActionResponse>>();

        Assert.Equal([later], page.Items);
    }

    private static async Task<FieldOfActionResponse> CreateAsync(HttpClient client, TestRegion region, string name, string? description = null)
    {
        var response = await client.PostJsonAsync(
            CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = name, Description = description });
        return await response.ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);
    }

    private static async Task<List<FieldOfActionResponse>> ListAllAsync(HttpClient client, TestRegion region)
    {
        var page = await (await client.GetAsync($"{ListFieldsOfActionRequest.BuildRoute(region.Slug)}?limit={PageQuery.MaxLimit}"))
            .ReadAsync<Page<FieldOfActionResponse>>();
        Assert.Null(page.NextCursor);
        return page.Items.ToList();
    }

    private static Task<HttpResponseMessage> SendIfNoneMatchAsync(HttpClient client, string route, string etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        return client.SendAsync(request);
    }
}
