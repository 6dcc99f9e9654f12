using Microsoft.Data.Sqlite;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>
/// Another connection that holds a SQLite database file: with <c>blockReaders</c> exclusively
/// (<c>locking_mode=EXCLUSIVE</c> and a write in an open transaction), so every other connection, readers included
/// even in WAL mode, waits for it until its busy timeout — how a database that hangs looks to the service; it needs
/// the other connections of this process closed first (their pools are cleared), so it suits in-process hosts only.
/// Without, it holds the write lock, so writers wait. Disposing rolls back and releases the file.
/// </summary>
public sealed class ExclusiveSqliteLock : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteTransaction transaction;

    private ExclusiveSqliteLock(SqliteConnection connection, SqliteTransaction transaction)
    {
        this.connection = connection;
        this.transaction = transaction;
    }

    public static async Task<ExclusiveSqliteLock> TakeAsync(string connectionString, bool blockReaders = true)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false, DefaultTimeout = 10 }.ToString());
        await connection.OpenAsync();
        if (blockReaders)
        {
            // An exclusive lock in WAL mode needs every other connection to the file closed, idle pooled ones included.
            SqliteConnection.ClearAllPools();
            await using var mode = connection.CreateCommand();
            mode.CommandText = "PRAGMA locking_mode = EXCLUSIVE;";
            await mode.ExecuteNonQueryAsync();
        }

        var transaction = connection.BeginTransaction(deferred: false);
        await using (var write = connection.CreateCommand())
        {
            write.Transaction = transaction;
            write.CommandText = "CREATE TABLE LockHeldByTest (x INTEGER); SELECT COUNT(*) FROM SchemaVersions;";
            await write.ExecuteScalarAsync();
        }

        return new ExclusiveSqliteLock(connection, transaction);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
