using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>
/// What only a real process shows: SIGTERM lets a request in flight finish before the process exits (graceful
/// shutdown), and <c>kill -9</c> in the middle of a write load loses no write the service acknowledged.
/// </summary>
public sealed class ProcessFaultTests
{
    [Fact]
    public async Task SIGTERM_during_a_slow_request_lets_it_complete_before_the_process_exits()
    {
        await using var fixture = await DemoProcess.StartAsync();
        var service = fixture.Service;
        using var client = service.Client();
        Task<HttpResponseMessage> slow;
        await using (await ExclusiveSqliteLock.TakeAsync(fixture.ConnectionString, blockReaders: false))
        {
            // The write waits for the database (busy timeout 5 s) while the process is told to stop.
            slow = client.SendAsync(fixture.Request(HttpMethod.Post, $"/api/v1/regions/{DemoProcess.Slug}/themes", "{\"name\":\"Während des Herunterfahrens\"}"));
            await Task.Delay(800);
            Assert.False(slow.IsCompleted, "The request did not wait for the locked database.");
            service.SendTerminate();
            await Task.Delay(700);
            Assert.False(service.HasExited, "The process exited with a request in flight.");
        }

        using var response = await slow;
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!service.HasExited && !exit.IsCancellationRequested)
        {
            await Task.Delay(100);
        }

        Assert.True(service.HasExited, "The process did not exit after SIGTERM.");
        Assert.Equal(0, service.ExitCode);
    }

    [Fact]
    public async Task Kill_9_during_a_write_load_loses_no_acknowledged_write()
    {
        await using var fixture = await DemoProcess.StartAsync();
        using var plain = fixture.Service.Client();
        var members = await MultiProcessConcurrencyTests.MemberAgsAsync(plain, DemoProcess.Slug, fixture.CoordinatorKey);
        var target = await ConcurrencyTests.PrepareAsync(plain, DemoProcess.Slug, fixture.CoordinatorKey, members, ags => MultiProcessConcurrencyTests.CreateMemberKeyAsync(plain, DemoProcess.Slug, fixture.AdminKey, ags));
        var load = new WriteLoad(target);
        var clients = Enumerable.Range(0, 8).Select(_ => fixture.Service.Client()).ToArray();

        var running = load.RunAsync(i => clients[i], clients.Length, TimeSpan.FromSeconds(30), seed: 9);
        var clock = Stopwatch.StartNew();
        while (load.Acknowledged < 15 && clock.Elapsed < TimeSpan.FromSeconds(25))
        {
            await Task.Delay(20);
        }

        // In the middle of the load: writes are in flight when the process dies.
        await fixture.Service.KillAsync();
        load.Stop();
        await running;
        Assert.True(load.Acknowledged >= 15, $"Too few writes before the kill ({load.Summary}).");

        await using var restarted = await RunningService.StartAsync(fixture.Environment);
        await load.VerifyAsync(restarted.Client());
    }

    /// <summary>The service as a child process on a fresh SQLite file with the demo region.</summary>
    private sealed class DemoProcess : IAsyncDisposable
    {
        private readonly string folder;

        private DemoProcess(string folder, RunningService service, Dictionary<string, string> environment, string adminKey, string coordinatorKey)
        {
            this.folder = folder;
            Service = service;
            Environment = environment;
            AdminKey = adminKey;
            CoordinatorKey = coordinatorKey;
        }

        public RunningService Service { get; }

        public Dictionary<string, string> Environment { get; }

        public string ConnectionString => Environment["ConnectionStrings__SmartRegion"];

        public string AdminKey { get; }

        public string CoordinatorKey { get; }

        public const string Slug = SmartRegion.Api.Features.Demo.DemoSeeder.RegionSlug;

        public static async Task<DemoProcess> StartAsync()
        {
            var folder = Path.Combine(Path.GetTempPath(), "smartregion-tests", "process-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var adminKey = "process-bootstrap-admin-" + Guid.NewGuid().ToString("N");
            var environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__SmartRegion"] = $"Data Source={Path.Combine(folder, "smartregion.db")}",
                ["Auth__BootstrapAdminKey"] = adminKey,
            };
            var service = await RunningService.StartAsync(environment, ["--seed-demo"]);
            var key = (await service.WaitForOutputAsync("Demo coordinator API key:", TimeSpan.FromSeconds(30))).Split(':', 2)[1].Trim();
            return new DemoProcess(folder, service, environment, adminKey, key);
        }

        public HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", CoordinatorKey);
            if (json is not null)
            {
                request.Content = new StringContent(json, Encoding.UTF8, "application/json");
            }

            return request;
        }

        public async ValueTask DisposeAsync()
        {
            await Service.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left to the OS's temp clean-up.
            }
        }
    }
}
