using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>Expired idempotency keys are removed by a periodic background task, not by the requests.</summary>
public sealed class IdempotencyCleanupTests
{
    private static readonly SqlStatement InsertCompleted = SqlStatement.Shared("""
        INSERT INTO IdempotencyKeys (Scope, IdempotencyKey, RequestHash, StatusCode, ContentType, Location, ETag, ResponseBody, CreatedAt)
        VALUES (@Scope, @IdempotencyKey, 'hash', 201, 'application/json', NULL, NULL, '{}', @CreatedAt)
        """);

    private static readonly SqlStatement CountKey = SqlStatement.Shared(
        "SELECT COUNT(*) FROM IdempotencyKeys WHERE IdempotencyKey = @IdempotencyKey");

    [Fact]
    public async Task Keys_older_than_a_day_are_removed_without_any_request()
    {
        await using var app = new IsolatedSqliteApp(new Dictionary<string, string?> { ["Idempotency:CleanupInterval"] = "00:00:00.200" });
        await app.InitializeAsync();
        var now = app.Service<Clock>().Now();
        await app.ExecuteAsync(InsertCompleted, new { Scope = "test", IdempotencyKey = "expired", CreatedAt = now - TimeSpan.FromHours(25) });
        await app.ExecuteAsync(InsertCompleted, new { Scope = "test", IdempotencyKey = "recent", CreatedAt = now - TimeSpan.FromHours(23) });

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await app.ScalarAsync<int>(CountKey, new { IdempotencyKey = "expired" }) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(0, await app.ScalarAsync<int>(CountKey, new { IdempotencyKey = "expired" }));
        Assert.Equal(1, await app.ScalarAsync<int>(CountKey, new { IdempotencyKey = "recent" }));
    }
}
