using SmartRegion.Api.Data;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// Direct access to the test database, for arranging states the API cannot produce (a crashed instance's rows) and
/// for reading what was really stored.
/// </summary>
public static class TestSql
{
    public static async Task<int> ExecuteAsync(this SmartRegionApp app, SqlStatement sql, object? args = null)
    {
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(CancellationToken.None);
        return await session.ExecuteAsync(sql, args);
    }

    public static async Task<T?> ScalarAsync<T>(this SmartRegionApp app, SqlStatement sql, object? args = null)
    {
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(CancellationToken.None);
        return await session.ExecuteScalarAsync<T>(sql, args);
    }

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this SmartRegionApp app, SqlStatement sql, object? args = null)
    {
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(CancellationToken.None);
        return (await session.QueryAsync<T>(sql, args)).ToList();
    }
}

/// <summary>
/// The service on a SQLite database of its own, with extra settings: for tests that change start-up, need an empty
/// database, or watch background work without the shared suite's traffic.
/// </summary>
public sealed class IsolatedSqliteApp(IReadOnlyDictionary<string, string?>? settings = null) : SmartRegionApp(new SqliteTestDatabase())
{
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(name, value);
        }
    }
}
