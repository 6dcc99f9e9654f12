using Microsoft.Data.SqlClient;
using SmartRegion.Api.Data;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>A database the suite creates for itself and removes afterwards.</summary>
public interface ITestDatabase : IAsyncDisposable
{
    DatabaseProvider Provider { get; }

    string ConnectionString { get; }

    /// <summary>Why this database cannot be used in this run, or null when it can.</summary>
    string? UnavailableBecause { get; }

    Task CreateAsync();
}

/// <summary>A SQLite file in a fresh temporary folder: the same WAL file database the service uses in production.</summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "smartregion-tests", Guid.NewGuid().ToString("N"));

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string ConnectionString => $"Data Source={Path.Combine(folder, "smartregion.db")}";

    public string? UnavailableBecause => null;

    public Task CreateAsync()
    {
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing request; the temp folder is cleaned by the OS eventually.
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A uniquely named database on the SQL Server that <c>SMARTREGION_TEST_SQLSERVER</c> names (a connection string
/// with a login allowed to create databases). Created before the tests and dropped after them.
/// </summary>
public sealed class SqlServerTestDatabase : ITestDatabase
{
    public const string EnvironmentVariable = "SMARTREGION_TEST_SQLSERVER";

    private readonly string? serverConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private readonly string databaseName = $"SmartRegionTest_{DateTime.UtcNow:yyyyMMddHHmmss}_{Guid.NewGuid():N}"[..60];
    private bool created;

    public DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public string ConnectionString => new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = databaseName }.ConnectionString;

    public string? UnavailableBecause => string.IsNullOrWhiteSpace(serverConnectionString)
        ? $"{EnvironmentVariable} is not set; the SQL Server run of the integration suite is skipped."
        : null;

    public async Task CreateAsync()
    {
        if (UnavailableBecause is not null)
        {
            return;
        }

        await ExecuteOnMasterAsync($"CREATE DATABASE [{databaseName}]");
        created = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!created)
        {
            return;
        }

        SqlConnection.ClearAllPools();
        try
        {
            await ExecuteOnMasterAsync($"ALTER DATABASE [{databaseName}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{databaseName}]");
        }
        catch (SqlException)
        {
            // SET SINGLE_USER is not available on every TDS engine (e.g. Azure SQL Database and some compatible
            // servers); with the pools cleared no connection of the suite holds the database, so a plain drop does.
            await DropWithoutSingleUserAsync();
        }
    }

    internal async Task DropWithoutSingleUserAsync()
    {
        SqlConnection.ClearAllPools();
        await ExecuteOnMasterAsync($"IF DB_ID(N'{databaseName}') IS NOT NULL DROP DATABASE [{databaseName}]");
    }

    private async Task ExecuteOnMasterAsync(string sql)
    {
        var master = new SqlConnectionStringBuilder(serverConnectionString) { InitialCatalog = "master" };
        await using var connection = new SqlConnection(master.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        // The name is generated above from a timestamp and a Guid, never from input.
#pragma warning disable CA2100
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
