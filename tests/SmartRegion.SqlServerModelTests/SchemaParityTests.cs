using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.Dac.Model;
using SmartRegion.Api.Data;
using DacIndex = Microsoft.SqlServer.Dac.Model.Index;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// The SQLite and SQL Server migrations build the same tables, columns and indexes, so a statement written once
/// (<see cref="SqlStatement.Shared"/>) means the same on both engines and neither dialect's scripts fall behind.
/// </summary>
public sealed class SchemaParityTests(SqlServerModelFixture fixture)
{
    // Written by DbUp on the real databases, never by a migration script.
    private const string JournalTable = "SchemaVersions";

    [Fact]
    public void Both_dialects_have_the_same_tables_and_columns()
    {
        var differences = Differences("Columns (Table.Column)", SqliteColumns(), SqlServerColumns());

        Assert.True(differences is null, differences);
    }

    [Fact]
    public void A_column_on_one_side_only_is_reported()
    {
        // Proves the comparison can fail: SQLite as if one column had been renamed in its migrations only.
        var columns = SqliteColumns();
        var renamed = columns[0] + "Renamed";

        var differences = Differences("Columns (Table.Column)", columns.Skip(1).Append(renamed), SqlServerColumns());

        Assert.NotNull(differences);
        Assert.Contains($"Only on SQLite: {renamed}", differences, StringComparison.Ordinal);
        Assert.Contains($"Only on SQL Server: {columns[0]}", differences, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_dialects_have_the_same_indexes()
    {
        // Only indexes made with CREATE [UNIQUE] INDEX are compared, by table and name. Primary keys and UNIQUE
        // constraints are named on SQL Server (PK_…, UQ_…) but become unnamed sqlite_autoindex_… on SQLite, which
        // records a NULL sql text for exactly those; DacFx models them as constraints, not indexes.
        using var sqlite = MigratedSqlite();
        var onSqlite = Query(sqlite, """
            SELECT tbl_name || '.' || name
            FROM sqlite_master
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name <> $journal
            """);
        var onSqlServer = fixture.Model.GetObjects(DacQueryScopes.UserDefined, DacIndex.TypeClass)
            .Select(index => $"{index.Name.Parts[1]}.{index.Name.Parts[2]}");

        var differences = Differences("Indexes (Table.Index)", onSqlite, onSqlServer);

        Assert.True(differences is null, differences);
    }

    internal static SqliteConnection MigratedSqlite()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var (name, sql) in Migrator.Scripts(DatabaseProvider.Sqlite))
        {
            using var command = connection.CreateCommand();
            // Microsoft.Data.Sqlite runs every statement in CommandText, so a whole script is one command.
            command.CommandText = sql;
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex)
            {
                throw new InvalidOperationException($"SQLite migration {name} failed: {ex.Message}", ex);
            }
        }

        return connection;
    }

    private static List<string> Query(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$journal", JournalTable);
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static List<string> SqliteColumns()
    {
        using var sqlite = MigratedSqlite();
        return Query(sqlite, """
            SELECT m.name || '.' || c.name
            FROM sqlite_master m, pragma_table_info(m.name) c
            WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> $journal
            """);
    }

    private List<string> SqlServerColumns() =>
        fixture.Model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass)
            .SelectMany(table => table.GetReferenced(Table.Columns))
            .Select(column => $"{column.Name.Parts[1]}.{column.Name.Parts[2]}")
            .ToList();

    /// <summary>What only one side has, or null when both have the same. Case-insensitive, like both engines.</summary>
    private static string? Differences(string what, IEnumerable<string> onSqlite, IEnumerable<string> onSqlServer)
    {
        var sqlite = onSqlite.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sqlServer = onSqlServer.ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (sqlite.Count == 0)
        {
            return $"{what}: none found on SQLite; did its migrations run?";
        }

        var onlySqlite = sqlite.Except(sqlServer, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var onlySqlServer = sqlServer.Except(sqlite, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        return onlySqlite.Count == 0 && onlySqlServer.Count == 0
            ? null
            : $"{what} differ between the dialects' migrations.\nOnly on SQLite: {Join(onlySqlite)}\nOnly on SQL Server: {Join(onlySqlServer)}";
    }

    private static string Join(List<string> names) => names.Count == 0 ? "(none)" : string.Join(", ", names);
}
