using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;

namespace SmartRegion.UnitTests.Data;

/// <summary>
/// SQLite's per-connection settings are made once per physical connection, not by a statement on every pooled open,
/// and a pooled connection keeps them (foreign keys stay enforced).
/// </summary>
public sealed class SqlitePhysicalConnectionsTests
{
    [Fact]
    public async Task A_pooled_open_runs_no_settings_statement_and_keeps_foreign_keys_on()
    {
        var folder = Path.Combine(Path.GetTempPath(), "smartregion-unit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connections = new CapturingConnections();
        var db = new SmartRegionDb(
            Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "t.db")}" }),
            connections);
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await using (await db.OpenAsync(ct))
            {
                Assert.Equal(5000L, Scalar(connections.Last, "PRAGMA busy_timeout"));
                Execute(connections.Last, "CREATE TABLE Parent (Id INTEGER PRIMARY KEY); CREATE TABLE Child (ParentId INTEGER NOT NULL REFERENCES Parent (Id));");
                // A mark on the physical connection: were the settings run again on the next open, it would be gone.
                Execute(connections.Last, "PRAGMA busy_timeout = 1;");
            }

            await using (await db.OpenAsync(ct))
            {
                Assert.Equal(1L, Scalar(connections.Last, "PRAGMA busy_timeout"));
                Assert.Equal(1L, Scalar(connections.Last, "PRAGMA foreign_keys"));
                var refused = Assert.Throws<SqliteException>(() => Execute(connections.Last, "INSERT INTO Child (ParentId) VALUES (42);"));
                Assert.Contains("FOREIGN KEY", refused.Message, StringComparison.Ordinal);
            }

            // A new physical connection gets the settings.
            SqliteConnection.ClearAllPools();
            await using (await db.OpenAsync(ct))
            {
                Assert.Equal(5000L, Scalar(connections.Last, "PRAGMA busy_timeout"));
                Assert.Equal(1L, Scalar(connections.Last, "PRAGMA foreign_keys"));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_service_connection_string_has_no_per_open_pragma()
    {
        var builder = new SqliteConnectionStringBuilder(SqliteConnectionStrings.ForService("Data Source=x.db;Foreign Keys=False"));

        Assert.Null(builder.ForeignKeys);
        Assert.True(builder.Pooling);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private sealed class CapturingConnections : SqliteConnectionFactory
    {
        public SqliteConnection Last { get; private set; } = null!;

        public override SqliteConnection Create(string connectionString) => Last = base.Create(connectionString);
    }
}
