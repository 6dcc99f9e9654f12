using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Health;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>
/// The database fails under a running service: its file disappears (503 with <c>Retry-After</c>, readiness 503, and
/// recovery without a restart once it is back), it hangs (a readiness probe still answers within 2 s), and a client
/// that gives up cancels the database work it started. Each test runs its own host on its own SQLite file.
/// </summary>
public sealed class DatabaseFaultTests
{
    [Fact]
    public async Task When_the_database_file_disappears_requests_get_503_with_Retry_After_and_the_service_recovers_without_a_restart()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var list = $"/api/v1/regions/{region.Slug}/themes";
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(list)).StatusCode);

        var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(app.Database.ConnectionString).DataSource)!;
        var away = folder + "-away";
        Directory.Move(folder, away);
        try
        {
            // Idle pooled connections still hold the old file open, as after a real outage they would be broken.
            SqliteConnection.ClearAllPools();
            var failed = await reader.GetAsync(list);
            await failed.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, ProblemTypes.DatabaseUnavailable);
            Assert.Equal(TimeSpan.FromSeconds(5), failed.Headers.RetryAfter?.Delta);

            var clock = Stopwatch.StartNew();
            var ready = await app.Anonymous().GetAsync(ReadyEndpoint.Route);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"The readiness probe took {clock.Elapsed}.");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.NotNull(ready.Headers.RetryAfter);
            Assert.Equal("unhealthy", (string?)JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["status"]);
        }
        finally
        {
            Directory.Move(away, folder);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusWithinAsync(app.Anonymous(), ReadyEndpoint.Route, HttpStatusCode.OK, TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(list)).StatusCode);
    }

    [Fact]
    public async Task The_readiness_probe_answers_within_2_s_while_the_database_hangs_and_turns_ready_when_it_answers_again()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var probe = app.Anonymous();
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(ReadyEndpoint.Route)).StatusCode);
        await Task.Delay(ReadinessProbe.Reuse + TimeSpan.FromMilliseconds(200));

        await using (await ExclusiveSqliteLock.TakeAsync(app.Database.ConnectionString))
        {
            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                var answer = await probe.GetAsync(ReadyEndpoint.Route);
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Probe {i + 1} took {clock.Elapsed} while the database hung.");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
                Assert.NotNull(answer.Headers.RetryAfter);
                var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
                Assert.Equal("unhealthy", (string?)body["status"]);
                Assert.Contains("did not answer within 1.5 s", (string?)body["reason"], StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.OK, await StatusWithinAsync(probe, ReadyEndpoint.Route, HttpStatusCode.OK, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_client_that_disconnects_cancels_its_database_work()
    {
        await using var app = new SqliteApp();
        await app.InitializeAsync();
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var list = $"/api/v1/regions/{region.Slug}/themes";
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(list)).StatusCode);

        var ended = new ConcurrentQueue<(DateTime End, string? Error)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == DbTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => ended.Enqueue((activity.StartTimeUtc + activity.Duration, activity.GetTagItem("error.type") as string)),
        };
        ActivitySource.AddActivityListener(listener);

        await using (await ExclusiveSqliteLock.TakeAsync(app.Database.ConnectionString))
        {
            using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));
            var started = DateTime.UtcNow;
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reader.GetAsync(list, giveUp.Token));
            var cancelledAt = DateTime.UtcNow;

            // The statement waiting for the lock ends as cancelled soon after the client left, while the lock is still
            // held: without the request's token it would wait for its busy timeout (5 s) or the lock.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            while (DateTime.UtcNow < deadline && !ended.Any(e => e.End > started && e.Error is not null))
            {
                await Task.Delay(50);
            }

            var cancelled = ended.Where(e => e.End > started && e.Error is not null).ToList();
            Assert.True(cancelled.Count > 0, "No database statement ended while the client waited and after it left.");
            Assert.All(cancelled, e => Assert.True(e.End - cancelledAt < TimeSpan.FromSeconds(2), $"A statement ended {e.End - cancelledAt} after the client left ({e.Error})."));
            Assert.Contains(cancelled, e => e.Error!.Contains("Canceled", StringComparison.Ordinal) || e.Error.Contains("Sqlite", StringComparison.Ordinal));
        }
    }

    private static async Task<HttpStatusCode> StatusWithinAsync(HttpClient client, string path, HttpStatusCode wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        HttpStatusCode last;
        do
        {
            last = (await client.GetAsync(path)).StatusCode;
            if (last == wanted)
            {
                return last;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return last;
    }
}
