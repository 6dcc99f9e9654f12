using System.Net;
using Microsoft.Data.Sqlite;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Projects;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Features.Dashboard;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>
/// The project list and search, a project, the participation matrix and the change feed are answered from memory
/// while the database is unchanged (SQLite's <c>data_version</c>, see <c>ReadCache</c>): a change committed anywhere
/// else — another service instance, an operator's sqlite3 shell — shows on the very next read, and a repeated read is
/// the same answer, byte for byte, with its headers.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ReadCacheTests(SqliteApp app)
{
    [Fact]
    public async Task A_write_of_another_instance_shows_on_the_next_read_of_the_list_the_matrix_and_the_change_feed()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var reads = new[] { ListProjectsRequest.BuildRoute(region.Slug), GetParticipationMatrixRequest.BuildRoute(region.Slug), ListChangesRequest.BuildRoute(region.Slug) };
        foreach (var route in reads.Concat(reads))
        {
            Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(route)).StatusCode);
        }

        // A second host on the same database file: another service instance, with a cache of its own.
        await using var otherInstance = new InterleavedHost(app.WithWebHostBuilder(_ => { }));
        var created = await ProjectApi.CreateAsync(otherInstance.WithKey(await region.KeyAsync(Api.Auth.RoleNames.Coordinator)), region, ProjectApi.NewProject("LP-02", field));

        Assert.Contains(created.Id, (await (await coordinator.GetAsync(reads[0])).ReadAsync<Page<ProjectResponse>>()).Items.Select(project => project.Id));
        Assert.Contains(created.Id, (await (await coordinator.GetAsync(reads[1])).ReadAsync<ParticipationMatrixResponse>()).Projects.Select(project => project.Id));
        Assert.Contains(created.Id.ToString("D"), (await (await coordinator.GetAsync(reads[2])).ReadAsync<Page<ChangeResponse>>()).Items.Select(change => change.EntityId));
    }

    [Fact]
    public async Task A_project_changed_in_the_database_by_another_process_is_read_fresh_at_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Glasfaser für Gewerbegebiete"));
        var get = GetProjectRequest.BuildRoute(region.Slug, project.Id);
        var list = ListProjectsRequest.BuildRoute(region.Slug) + "?q=glasfaser";
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("Glasfaser für Gewerbegebiete", (await (await coordinator.GetAsync(get)).ReadAsync<ProjectResponse>()).Title);
            Assert.Single((await (await coordinator.GetAsync(list)).ReadAsync<Page<ProjectResponse>>()).Items);
        }

        // Not through the service: a connection of its own, as another instance or the sqlite3 shell would write.
        await using (var other = new SqliteConnection(app.Database.ConnectionString))
        {
            await other.OpenAsync();
            await using var update = other.CreateCommand();
            update.CommandText = "UPDATE Projects SET Title = 'Glasfaser für Schulen', Version = Version + 1 WHERE Id = $id";
            update.Parameters.AddWithValue("$id", project.Id.ToString("D"));
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var fresh = await coordinator.GetAsync(get);
        Assert.Equal("Glasfaser für Schulen", (await fresh.ReadAsync<ProjectResponse>()).Title);
        Assert.Equal(Preconditions.ETagFor(project.Version + 1), fresh.ETag());
        Assert.Equal("Glasfaser für Schulen", Assert.Single((await (await coordinator.GetAsync(list)).ReadAsync<Page<ProjectResponse>>()).Items).Title);
    }

    [Fact]
    public async Task Under_concurrent_reads_no_read_that_starts_after_a_commit_returns_the_state_before_it()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Stand 0"));
        var get = GetProjectRequest.BuildRoute(region.Slug, project.Id);
        var committed = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        // One writer past the service commits "Stand 1", "Stand 2", …; eight readers through it check that every answer
        // is at least as new as the last commit acknowledged before their request started.
        var writer = Task.Run(async () =>
        {
            await using var other = new SqliteConnection(app.Database.ConnectionString);
            await other.OpenAsync();
            while (!stop.IsCancellationRequested)
            {
                await using var update = other.CreateCommand();
                update.CommandText = "UPDATE Projects SET Title = $title WHERE Id = $id";
                update.Parameters.AddWithValue("$title", $"Stand {committed + 1}");
                update.Parameters.AddWithValue("$id", project.Id.ToString("D"));
                await update.ExecuteNonQueryAsync();
                Interlocked.Increment(ref committed);
                await Task.Delay(5);
            }
        });
        var reads = 0;
        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var before = Volatile.Read(ref committed);
                var title = (await (await coordinator.GetAsync(get)).ReadAsync<ProjectResponse>()).Title;
                Assert.True(int.Parse(title["Stand ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= before, $"Read '{title}' after commit {before} was acknowledged.");
                Interlocked.Increment(ref reads);
            }
        })).ToList();
        await Task.WhenAll(readers.Append(writer));

        Assert.True(committed > 10 && reads > 100, $"{committed} commits, {reads} reads.");
    }

    [Fact]
    public async Task A_repeated_read_is_the_same_answer_with_its_next_link_and_etag_and_If_None_Match_gives_304()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var reader = await region.ReaderAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var first = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field));
        var page = ListProjectsRequest.BuildRoute(region.Slug) + "?limit=1";

        var answers = new List<HttpResponseMessage>();
        foreach (var client in new[] { coordinator, reader, coordinator })
        {
            answers.Add(await client.GetAsync(page));
        }

        var bodies = await Task.WhenAll(answers.Select(answer => answer.Content.ReadAsByteArrayAsync()));
        Assert.All(bodies, body => Assert.Equal(bodies[0], body));
        Assert.All(answers, answer => Assert.Equal(answers[0].Headers.GetValues("Link"), answer.Headers.GetValues("Link")));
        Assert.All(answers, answer => Assert.Equal("application/json; charset=utf-8", answer.Content.Headers.ContentType?.ToString()));
        Assert.All(answers, answer => Assert.Equal(bodies[0].Length, answer.Content.Headers.ContentLength));

        var get = GetProjectRequest.BuildRoute(region.Slug, first.Id);
        var etag = (await reader.GetAsync(get)).ETag();
        Assert.Equal(first.ETag(), etag);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, get);
        conditional.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var notModified = await reader.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.ETag());
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_region_read_from_memory_is_still_404_for_a_caller_of_another_region()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));
        var get = GetProjectRequest.BuildRoute(region.Slug, project.Id);
        var list = ListProjectsRequest.BuildRoute(region.Slug);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(get)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(list)).StatusCode);

        var stranger = await (await app.NewRegionAsync()).CoordinatorAsync();
        await (await stranger.GetAsync(get)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync(list)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_project_turns_overdue_on_the_day_after_its_interval_although_nothing_was_written_since_the_last_read()
    {
        // A database of its own, read anonymously (public read): nothing else writes between the reads, so the reads
        // before the new day are answered from memory, and the new day must not be.
        await using var isolated = new IsolatedSqliteApp();
        await isolated.InitializeAsync();
        var region = await isolated.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var running = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var clock = new TestClock();
        var lastDayThatCounts = CouncilTime.Today(clock.GetUtcNow()).AddDays(-RegionRules.DefaultReportingIntervalDays);
        var report = new CreateStatusReportRequest { ReportingDate = lastDayThatCounts, TrafficLight = TrafficLight.Green, ProgressPercent = 10, Summary = "Beispiel: Ausschreibung läuft." };
        Assert.Equal(HttpStatusCode.Created, (await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, running.Id), report)).StatusCode);
        await region.SetPublicReadAsync(true);
        await using var host = isolated.WithClock(clock);
        var visitor = host.Anonymous();
        var get = GetProjectRequest.BuildRoute(region.Slug, running.Id);
        var list = ListProjectsRequest.BuildRoute(region.Slug);

        for (var i = 0; i < 3; i++)
        {
            Assert.False((await (await visitor.GetAsync(get)).ReadAsync<ProjectResponse>()).ReportOverdue);
            Assert.False(Assert.Single((await (await visitor.GetAsync(list)).ReadAsync<Page<ProjectResponse>>()).Items).ReportOverdue);
        }

        clock.Advance(TimeSpan.FromDays(1));
        Assert.True((await (await visitor.GetAsync(get)).ReadAsync<ProjectResponse>()).ReportOverdue);
        Assert.True(Assert.Single((await (await visitor.GetAsync(list)).ReadAsync<Page<ProjectResponse>>()).Items).ReportOverdue);
    }

    [Fact]
    public async Task An_upcoming_meeting_leaves_the_dashboard_once_it_has_started_although_nothing_was_written()
    {
        // A database of its own and a bearer token (a key's use records "last used"): nothing writes between the reads.
        await using var isolated = new IsolatedSqliteApp();
        await isolated.InitializeAsync();
        var region = await isolated.NewRegionAsync();
        var clock = new TestClock();
        var meeting = await MeetingApi.CreateAsync(await region.CoordinatorAsync(), region.Slug, "LK 2099/1", clock.GetUtcNow().AddMinutes(3));
        await using var host = isolated.WithClock(clock);
        var coordinator = host.WithToken(TestTokens.Create(TestTokens.For(Api.Auth.RoleNames.Coordinator, region.Slug)));
        var dashboard = GetDashboardRequest.BuildRoute(region.Slug);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal([meeting.Id], (await (await coordinator.GetAsync(dashboard)).ReadAsync<DashboardResponse>()).NextMeetings.Select(next => next.Id));
        }

        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty((await (await coordinator.GetAsync(dashboard)).ReadAsync<DashboardResponse>()).NextMeetings);
    }
}
