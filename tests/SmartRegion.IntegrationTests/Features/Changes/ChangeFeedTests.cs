using System.Data;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.SqlClient;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Changes;

[Collection(SqliteCollection.Name)]
public sealed class ChangeFeedTestsOnSqlite(SqliteApp app) : ChangeFeedTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ChangeFeedTestsOnSqlServer(SqlServerApp app) : ChangeFeedTests(app);

/// <summary>The change feed: every change of a region, oldest first, followed with a cursor that never misses or repeats.</summary>
public abstract class ChangeFeedTests
{
    private readonly SmartRegionApp app;

    protected ChangeFeedTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Creates_updates_and_deletes_appear_in_order_with_version_url_and_a_tombstone()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var theme = await CreateThemeAsync(coordinator, region.Slug, "Straße & Daten");
        (await coordinator.PutJsonAsync(UpdateThemeRequest.BuildRoute(region.Slug, theme.Id), new UpdateThemeRequest { Name = "Daten" }, "\"1\""))
            .EnsureSuccessStatusCode();
        (await coordinator.DeleteAsync(DeleteThemeRequest.BuildRoute(region.Slug, theme.Id), "\"2\"")).EnsureSuccessStatusCode();

        var feed = await ReadAllAsync(await region.ReaderAsync(), region.Slug, limit: 2);

        Assert.Equal("region", feed[0].EntityType);
        Assert.Equal((ChangeAction.Created, 1, $"/api/v1/regions/{region.Slug}"), (feed[0].Action, feed[0].Version, feed[0].Url));
        var ofTheme = feed.Where(change => change.EntityId == theme.Id.ToString("D")).ToList();
        var url = GetThemeRequest.BuildRoute(region.Slug, theme.Id);
        Assert.Equal(
            [("theme", ChangeAction.Created, 1, url, false), ("theme", ChangeAction.Updated, 2, url, false), ("theme", ChangeAction.Deleted, (int?)null, url, true)],
            ofTheme.Select(change => (change.EntityType, change.Action, change.Version, change.Url, change.Deleted)));
        Assert.All(ofTheme, change => Assert.StartsWith("apikey:", change.Actor, StringComparison.Ordinal));
        Assert.Equal(feed.Count, feed.Select(change => change.Id).Distinct().Count());
        Assert.Equal(feed.OrderBy(change => change.OccurredAt).Select(change => change.Id), feed.Select(change => change.Id));
        Assert.DoesNotContain(feed, change => change.EntityType == "api_key");
    }

    [Fact]
    public async Task A_follower_with_a_cursor_sees_only_what_came_after_it_and_an_empty_page_when_up_to_date()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var seen = await ReadAllAsync(coordinator, region.Slug, limit: 200);
        var cursor = seen[^1].Cursor;

        var caughtUp = await (await coordinator.GetAsync($"{ListChangesRequest.BuildRoute(region.Slug)}?after={cursor}")).ReadAsync<Page<ChangeResponse>>();
        var theme = await CreateThemeAsync(coordinator, region.Slug, "Beteiligung");
        var response = await coordinator.GetAsync($"{ListChangesRequest.BuildRoute(region.Slug)}?after={cursor}&limit=1");
        var next = await response.ReadAsync<Page<ChangeResponse>>();

        Assert.Equal((0, null), (caughtUp.Items.Count, caughtUp.NextCursor));
        var only = Assert.Single(next.Items);
        Assert.Equal((theme.Id.ToString("D"), ChangeAction.Created), (only.EntityId, only.Action));
        Assert.Null(next.NextCursor);
        Assert.False(response.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Another_regions_feed_is_404_and_bad_input_is_400()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();

        await (await reader.GetAsync(ListChangesRequest.BuildRoute(other.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await reader.GetAsync($"{ListChangesRequest.BuildRoute(region.Slug)}?limit=0")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await reader.GetAsync($"{ListChangesRequest.BuildRoute(region.Slug)}?after=not-a-cursor")).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Sixteen_concurrent_writers_and_a_follower_paging_meanwhile_see_every_change_exactly_once_in_feed_order()
    {
        const int Writers = 16;
        var region = await app.NewRegionAsync();
        var follower = await region.ReaderAsync();
        var clients = new List<HttpClient>();
        for (var i = 0; i < Writers; i++)
        {
            clients.Add(await region.CoordinatorAsync());
        }

        var followed = new List<ChangeResponse>();
        string? cursor = null;
        async Task<int> PollAsync()
        {
            var route = cursor is null ? $"{ListChangesRequest.BuildRoute(region.Slug)}?limit=7" : $"{ListChangesRequest.BuildRoute(region.Slug)}?after={cursor}&limit=7";
            var page = await (await follower.GetAsync(route)).ReadAsync<Page<ChangeResponse>>();
            followed.AddRange(page.Items);
            cursor = page.Items.Count > 0 ? page.Items[^1].Cursor : cursor;
            return page.Items.Count;
        }

        var written = new System.Collections.Concurrent.ConcurrentBag<(Guid Theme, int Changes)>();
        var stopAt = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; stopAt.Elapsed < TimeSpan.FromSeconds(3); i++)
            {
                var theme = await CreateThemeAsync(clients[writer], region.Slug, $"W{writer}-{i}");
                var update = await clients[writer].PutJsonAsync(
                    UpdateThemeRequest.BuildRoute(region.Slug, theme.Id), new UpdateThemeRequest { Name = $"W{writer}-{i} geändert" }, "\"1\"");
                Assert.Equal(HttpStatusCode.OK, update.StatusCode);
                written.Add((theme.Id, 2));
            }
        })).ToList();

        var all = Task.WhenAll(writers);
        var pagesWhileWriting = 0;
        while (!all.IsCompleted)
        {
            pagesWhileWriting += await PollAsync() > 0 ? 1 : 0;
        }

        await all;
        while (await PollAsync() > 0)
        {
        }

        var fromStart = await ReadAllAsync(follower, region.Slug, limit: 200);
        Assert.True(pagesWhileWriting > 1, $"The follower should have read pages while the writers wrote, read {pagesWhileWriting}.");
        Assert.True(written.Count > Writers, $"Expected every writer to write more than once, wrote {written.Count}.");
        Assert.Equal(fromStart.Select(change => change.Id), followed.Select(change => change.Id));
        Assert.Equal(followed.Count, followed.Select(change => change.Id).Distinct().Count());
        var themes = followed.Where(change => change.EntityType == ThemesChanges.EntityType).GroupBy(change => change.EntityId).ToDictionary(group => group.Key, group => group.ToList());
        Assert.Equal(written.Select(write => write.Theme.ToString("D")).Order(), themes.Keys.Order());
        Assert.All(themes.Values, changes => Assert.Equal([ChangeAction.Created, ChangeAction.Updated], changes.Select(change => change.Action)));
    }

    internal static async Task<List<ChangeResponse>> ReadAllAsync(HttpClient client, string slug, int limit)
    {
        var all = new List<ChangeResponse>();
        string? after = null;
        while (true)
        {
            var route = after is null ? $"{ListChangesRequest.BuildRoute(slug)}?limit={limit}" : $"{ListChangesRequest.BuildRoute(slug)}?after={after}&limit={limit}";
            var page = await (await client.GetAsync(route)).ReadAsync<Page<ChangeResponse>>();
            all.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                return all;
            }

            after = page.NextCursor;
        }
    }

    internal static async Task<ThemeResponse> CreateThemeAsync(HttpClient client, string slug, string name)
    {
        var response = await client.PostJsonAsync(CreateThemeRequest.BuildRoute(slug), new CreateThemeRequest { Name = name });
        return await response.ReadAsync<ThemeResponse>(HttpStatusCode.Created);
    }
}

/// <summary>
/// Out-of-order commits on SQL Server: a transaction that took a lower rowversion and is still open holds the feed
/// back, so a later entry that committed first is not served until the earlier one has committed too.
/// </summary>
[Collection(SqlServerCollection.Name)]
public sealed class ChangeFeedOnSqlServer
{
    private readonly SqlServerApp app;

    public ChangeFeedOnSqlServer(SqlServerApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task An_open_transaction_with_an_earlier_entry_holds_back_entries_that_committed_after_it()
    {
        var region = await app.NewRegionAsync();
        var other = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var before = await ChangeFeedTests.ReadAllAsync(coordinator, region.Slug, limit: 200);

        // The held entry belongs to another region, so no reader of this region's rows waits for its lock: only the
        // database-wide MIN_ACTIVE_ROWVERSION() can hold this region's feed back.
        await using var connection = new SqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = (SqlTransaction)await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);
        await using (var insert = new SqlCommand(
            """
            INSERT INTO dbo.Changes (Id, RegionId, EntityType, EntityId, Kind, Actor, OccurredAt)
            SELECT NEWID(), Id, N'region', Slug, N'updated', N'test:held', SYSDATETIMEOFFSET() FROM dbo.Regions WHERE Slug = @slug
            """, connection, transaction))
        {
            insert.Parameters.Add("@slug", SqlDbType.NVarChar, 64).Value = other.Slug;
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var theme = await ChangeFeedTests.CreateThemeAsync(coordinator, region.Slug, "Nach dem offenen Eintrag");
        var whileOpen = await ChangeFeedTests.ReadAllAsync(coordinator, region.Slug, limit: 200);
        await transaction.CommitAsync();
        var afterCommit = await ChangeFeedTests.ReadAllAsync(coordinator, region.Slug, limit: 200);

        Assert.Equal(before.Select(change => change.Id), whileOpen.Select(change => change.Id));
        Assert.Equal(theme.Id.ToString("D"), afterCommit[^1].EntityId);
    }
}
