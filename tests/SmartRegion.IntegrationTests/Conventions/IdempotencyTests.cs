using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class IdempotencyTestsOnSqlite(SqliteApp app) : IdempotencyTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class IdempotencyTestsOnSqlServer(SqlServerApp app) : IdempotencyTests(app);

/// <summary>A POST retried with the same Idempotency-Key creates once and answers the same way every time.</summary>
public abstract class IdempotencyTests
{
    private readonly SmartRegionApp app;

    protected IdempotencyTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_same_POST_twice_creates_one_resource_and_returns_the_same_response()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var body = NewRegion();

        var first = await admin.PostJsonAsync(CreateRegionRequest.Route, body, key);
        var second = await admin.PostJsonAsync(CreateRegionRequest.Route, body, key);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(first.ETag(), second.ETag());
        await AssertCreatedOnceAsync(admin, body.Slug, System.Text.Json.JsonSerializer.Deserialize<RegionResponse>(await first.Content.ReadAsStringAsync(), HttpAssertions.Json)!);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_creates_nothing()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var first = NewRegion();
        var other = NewRegion();

        await admin.PostJsonAsync(CreateRegionRequest.Route, first, key);
        var reused = await admin.PostJsonAsync(CreateRegionRequest.Route, other, key);

        await reused.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, ProblemTypes.IdempotencyKeyReused);
        await (await admin.GetAsync(GetRegionRequest.BuildRoute(other.Slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_exactly_one_resource()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var body = NewRegion();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => admin.PostJsonAsync(CreateRegionRequest.Route, body, key)));

        Assert.All(responses, response => Assert.True(
            response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict,
            $"Unexpected {(int)response.StatusCode}"));
        Assert.Contains(responses, response => response.StatusCode == HttpStatusCode.Created);
        var created = responses.First(response => response.StatusCode == HttpStatusCode.Created);
        await AssertCreatedOnceAsync(admin, body.Slug, await created.ReadAsync<RegionResponse>(HttpStatusCode.Created));
    }

    [Fact]
    public async Task A_failed_request_releases_its_key_for_a_corrected_retry()
    {
        var admin = app.Admin();
        var key = Guid.NewGuid().ToString();
        var invalid = NewRegion() with { KreisKey = "123" };

        var rejected = await admin.PostJsonAsync(CreateRegionRequest.Route, invalid, key);
        var corrected = await admin.PostJsonAsync(CreateRegionRequest.Route, invalid with { KreisKey = TestKreisKeys.Next() }, key);

        await rejected.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_credential()
    {
        var key = Guid.NewGuid().ToString();
        var region = await app.NewRegionAsync();
        var otherAdmin = app.WithKey((await app.Keys.CreateAsync("admin", null, null, "second admin", CancellationToken.None)).Key);

        var first = await app.Admin().PostJsonAsync(CreateRegionRequest.Route, NewRegion(), key);
        var second = await otherAdmin.PostJsonAsync(CreateRegionRequest.Route, NewRegion(), key);

        Assert.NotNull(region);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
    }

    [Fact]
    public async Task A_retry_after_a_crash_that_left_only_an_expired_reservation_runs_the_write_once()
    {
        var (client, scope, route) = await ArrangeFundingAsync();
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(NewFunding(), HttpAssertions.Json);
        // What an instance killed mid-request leaves behind: the key reserved longer ago than the lease, nothing
        // written (its transaction never committed), no response stored.
        await app.ExecuteAsync(Sql.InsertReservation, new
        {
            Scope = scope,
            IdempotencyKey = key,
            RequestHash = RequestHash(route, body),
            CreatedAt = app.Service<Clock>().Now() - TimeSpan.FromMinutes(5),
        });

        var retry = await PostAsync(client, route, body, key);
        var again = await PostAsync(client, route, body, key);

        var created = await retry.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        Assert.Equal(created, await again.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created));
        Assert.Equal([created], await ListFundingAsync(client, route));
    }

    [Fact]
    public async Task A_crash_before_the_response_is_stored_leaves_no_write_so_the_retry_runs_once()
    {
        var (client, _, route) = await ArrangeFundingAsync();
        var key = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.SerializeToUtf8Bytes(NewFunding(), HttpAssertions.Json);
        var trigger = "TR_Test_" + key;
        // The database refuses to store this key's response, as if the instance died right after the write.
        await app.ExecuteAsync(Sql.FailCompletionTrigger(trigger, key));
        HttpResponseMessage crashed;
        try
        {
            crashed = await PostAsync(client, route, body, key);
        }
        finally
        {
            await app.ExecuteAsync(Sql.DropTrigger(trigger));
        }

        var retry = await PostAsync(client, route, body, key);
        var again = await PostAsync(client, route, body, key);

        Assert.Equal(HttpStatusCode.InternalServerError, crashed.StatusCode);
        var created = await retry.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        Assert.Equal(created, await again.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal([created], await ListFundingAsync(client, route));
    }

    [Fact]
    public async Task A_write_and_its_stored_response_are_committed_together()
    {
        var (client, scope, route) = await ArrangeFundingAsync();
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.SerializeToUtf8Bytes(NewFunding(), HttpAssertions.Json);

        var first = await PostAsync(client, route, body, key);
        var stored = await app.ScalarAsync<int?>(Sql.StoredStatus, new { Scope = scope, IdempotencyKey = key });
        var retry = await PostAsync(client, route, body, key);

        var created = await first.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created);
        Assert.Equal(201, stored);
        Assert.Equal(created, await retry.ReadAsync<FundingSourceResponse>(HttpStatusCode.Created));
        Assert.Equal([created], await ListFundingAsync(client, route));
    }

    // The slug is unique, so a second execution could only have answered 409; reading the region back shows the one
    // creation every 201 reported. (The shared test database holds more regions than one list page, so no list here.)
    private static async Task AssertCreatedOnceAsync(HttpClient admin, string slug, RegionResponse reported)
    {
        var stored = await (await admin.GetAsync(GetRegionRequest.BuildRoute(slug))).ReadAsync<RegionResponse>();
        Assert.Equal(reported, stored);
        Assert.Equal(1, stored.Version);
    }

    private async Task<(HttpClient Client, string Scope, string Route)> ArrangeFundingAsync()
    {
        var region = await app.NewRegionAsync();
        var created = await app.Keys.CreateAsync("coordinator", region.Slug, null, "idempotency test", CancellationToken.None);
        var client = app.WithKey(created.Key);
        var field = await ProjectApi.FieldOfActionAsync(client, region);
        var project = await ProjectApi.CreateAsync(client, region, ProjectApi.NewProject("LP-01", field));
        return (client, $"apikey:{created.Id}", AddFundingSourceRequest.BuildRoute(region.Slug, project.Id));
    }

    private static AddFundingSourceRequest NewFunding() => new()
    {
        Programme = "Förderprogramm „Digitale Modellregionen“",
        FundingBody = "Land Nordrhein-Westfalen",
        Amount = 1_000m,
        Status = FundingStatus.Applied,
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string route, byte[] body, string key)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        request.Headers.Add(IdempotencyMiddleware.HeaderName, key);
        return client.SendAsync(request);
    }

    /// <summary>The fingerprint the service keeps of a request: method, path and query, then the body bytes.</summary>
    private static string RequestHash(string route, byte[] body) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Encoding.UTF8.GetBytes($"POST {route}\n"), .. body]));

    private static async Task<List<FundingSourceResponse>> ListFundingAsync(HttpClient client, string route)
    {
        var page = await (await client.GetAsync($"{route}?limit={PageQuery.MaxLimit}")).ReadAsync<Page<FundingSourceResponse>>();
        Assert.Null(page.NextCursor);
        return page.Items.ToList();
    }

    private static CreateRegionRequest NewRegion() =>
        new() { Slug = "t-" + Guid.NewGuid().ToString("N")[..12], Name = "Idempotenz-Test Ü", KreisKey = TestKreisKeys.Next() };

    private static class Sql
    {
        public static readonly SqlStatement InsertReservation = SqlStatement.Shared("""
            INSERT INTO IdempotencyKeys (Scope, IdempotencyKey, RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody, CreatedAt)
            VALUES (@Scope, @IdempotencyKey, @RequestHash, NULL, NULL, NULL, NULL, NULL, @CreatedAt)
            """);

        public static readonly SqlStatement StoredStatus = SqlStatement.Shared(
            "SELECT StatusCode FROM IdempotencyKeys WHERE Scope = @Scope AND IdempotencyKey = @IdempotencyKey");

        // The names are made from a Guid in the test, never from input.
        public static SqlStatement FailCompletionTrigger(string name, string key) => SqlStatement.PerDialect(
            sqlite: $"""
                CREATE TRIGGER {name} BEFORE UPDATE ON IdempotencyKeys
                WHEN NEW.IdempotencyKey = '{key}' AND NEW.StatusCode IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'simulated crash'); END
                """,
            sqlServer: $"""
                CREATE TRIGGER dbo.{name} ON dbo.IdempotencyKeys AFTER UPDATE AS
                IF EXISTS (SELECT 1 FROM inserted WHERE IdempotencyKey = N'{key}' AND StatusCode IS NOT NULL)
                    THROW 50000, 'simulated crash', 1;
                """);

        public static SqlStatement DropTrigger(string name) => SqlStatement.Shared($"DROP TRIGGER {name}");
    }
}
