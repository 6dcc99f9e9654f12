using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SmartRegion.Api.Auth;
using SmartRegion.IntegrationTests.Features.Meetings;

namespace SmartRegion.IntegrationTests.Robustness;

[Collection(SqliteCollection.Name)]
public sealed class ConcurrencyTestsOnSqlite(SqliteApp app) : ConcurrencyTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ConcurrencyTestsOnSqlServer(SqlServerApp app) : ConcurrencyTests(app);

/// <summary>
/// Consistency under concurrency: 16 clients with retries and Idempotency-Keys write projects, participations,
/// transitions and votes while a fifth of the answers are dropped on the way back; afterwards every acknowledged write
/// is stored exactly once and nothing unacknowledged is half-applied (see <see cref="WriteLoad"/>).
/// </summary>
public abstract class ConcurrencyTests
{
    public const int Clients = 16;
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    private readonly SmartRegionApp app;

    protected ConcurrencyTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Sixteen_clients_with_dropped_answers_and_retries_store_every_acknowledged_write_exactly_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
        var coordinatorKey = await region.KeyAsync(RoleNames.Coordinator);
        var plain = app.Anonymous();
        var target = await PrepareAsync(plain, region.Slug, coordinatorKey, MeetingApi.AllAgs(region), ags => region.KeyAsync(RoleNames.Member, ags));
        var droppers = Enumerable.Range(0, Clients).Select(i => new DroppingHandler(1000 + i, 0.3)).ToArray();
        var load = new WriteLoad(target);

        await load.RunAsync(i => app.Anonymous(droppers[i]), Clients, Duration, seed: 42);

        // Bounded by time, so the counts depend on the machine; these minimums only make sure the test tested something.
        Assert.True(droppers.Sum(d => d.Dropped) >= 3, $"Too few answers were dropped to test anything ({load.Summary}).");
        Assert.True(load.Acknowledged >= 10, $"Too few writes were acknowledged ({load.Summary}).");
        await load.VerifyAsync(plain);
    }

    internal static async Task<LoadTarget> PrepareAsync(HttpClient client, string slug, string coordinatorKey, IReadOnlyList<string> memberAgs, Func<string, Task<string>> memberKey)
    {
        var keys = new Dictionary<string, string>();
        foreach (var ags in memberAgs)
        {
            keys[ags] = await memberKey(ags);
        }

        return await WriteLoad.PrepareAsync(client, slug, coordinatorKey, keys);
    }
}

/// <summary>The same load across 4 service processes on one SQLite file in WAL mode: any instance may answer any retry.</summary>
public sealed class MultiProcessConcurrencyTests
{
    [Fact]
    public async Task Four_service_processes_on_one_SQLite_file_store_every_acknowledged_write_exactly_once()
    {
        var folder = Path.Combine(Path.GetTempPath(), "smartregion-tests", "multi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var adminKey = "multi-bootstrap-admin-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__SmartRegion"] = $"Data Source={Path.Combine(folder, "smartregion.db")}",
            ["Auth__BootstrapAdminKey"] = adminKey,
        };
        var services = new List<RunningService>();
        try
        {
            services.Add(await RunningService.StartAsync(environment, ["--seed-demo"]));
            var coordinatorKey = (await services[0].WaitForOutputAsync("Demo coordinator API key:", TimeSpan.FromSeconds(30))).Split(':', 2)[1].Trim();
            services.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => RunningService.StartAsync(environment))));

            using var plain = services[0].Client();
            var slug = SmartRegion.Api.Features.Demo.DemoSeeder.RegionSlug;
            var members = await MemberAgsAsync(plain, slug, coordinatorKey);
            var target = await ConcurrencyTests.PrepareAsync(plain, slug, coordinatorKey, members, ags => CreateMemberKeyAsync(services[1].Client(), slug, adminKey, ags));
            var droppers = Enumerable.Range(0, ConcurrencyTests.Clients).Select(i => new DroppingHandler(2000 + i, 0.3)).ToArray();
            var clients = Enumerable.Range(0, ConcurrencyTests.Clients)
                .Select(i => services[i % services.Count].Client(new DroppingHandlerChain(droppers[i]).Handler))
                .ToArray();
            var load = new WriteLoad(target);

            await load.RunAsync(i => clients[i], ConcurrencyTests.Clients, ConcurrencyTests.Duration, seed: 7);

            Assert.True(droppers.Sum(d => d.Dropped) >= 3, $"Too few answers were dropped to test anything ({load.Summary}).");
            Assert.True(load.Acknowledged >= 10, $"Too few writes were acknowledged ({load.Summary}).");
            await load.VerifyAsync(services[3].Client());
            Assert.All(services, service => Assert.False(service.HasExited, $"An instance exited:\n{service.Output}"));
        }
        finally
        {
            foreach (var service in services)
            {
                await service.DisposeAsync();
            }

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

    internal static async Task<IReadOnlyList<string>> MemberAgsAsync(HttpClient client, string slug, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/regions/{slug}/members?limit=200");
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        using var response = await client.SendAsync(request);
        var page = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. page["items"]!.AsArray().Select(m => (string)m!["ags"]!)];
    }

    internal static async Task<string> CreateMemberKeyAsync(HttpClient client, string slug, string adminKey, string ags)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/regions/{slug}/api-keys")
        {
            Content = new StringContent(new JsonObject { ["role"] = "member", ["ags"] = ags, ["label"] = "load " + ags }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", adminKey);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Creating a member key for {ags}: {(int)response.StatusCode} {text}");
        return (string)JsonNode.Parse(text)!["key"]!;
    }
}

/// <summary>A dropping handler in front of contract validation in front of a socket: the client stack for child processes.</summary>
public sealed class DroppingHandlerChain
{
    public DroppingHandlerChain(DroppingHandler dropper)
    {
        dropper.InnerHandler = new ContractValidatingHandler(OpenApiContract.Committed) { InnerHandler = new SocketsHttpHandler() };
        Handler = dropper;
    }

    public HttpMessageHandler Handler { get; }
}
