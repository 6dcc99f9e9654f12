using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>
/// A hash over every row of every table of a SQLite database file, read in a fixed order (all columns, ascending), so
/// two checksums are equal exactly when the stored data is. Read through a connection of its own while the service
/// runs (WAL: a reader sees the last committed state and blocks nobody).
/// </summary>
public static class DatabaseChecksum
{
    /// <summary>
    /// Columns a request with valid credentials writes by design whatever its outcome: an API key's last use (at most
    /// once a minute, see <c>ApiKeyStore.LastUsedResolution</c>). Left out of the hash, named here so it stays deliberate.
    /// </summary>
    public static readonly IReadOnlySet<string> IgnoredColumns = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "ApiKeys.LastUsedAt" };

    public static async Task<(string Hash, IReadOnlyDictionary<string, long> RowsPerTable)> OfSqliteAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = new Dictionary<string, long>();
        await using var snapshot = connection.BeginTransaction(deferred: true);
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var column = reader.GetString(0);
                    if (!IgnoredColumns.Contains($"{table}.{column}"))
                    {
                        columns.Add(column);
                    }
                }
            }

            hash.AppendData(Encoding.UTF8.GetBytes($"\u0001{table}\u0002{string.Join(',', columns)}\u0003"));
            await using var select = connection.CreateCommand();
            var quoted = string.Join(", ", columns.Select(c => $"\"{c}\""));
            select.CommandText = $"SELECT {quoted} FROM \"{table}\" ORDER BY {quoted}";
            await using var rowReader = await select.ExecuteReaderAsync();
            long count = 0;
            while (await rowReader.ReadAsync())
            {
                count++;
                for (var i = 0; i < rowReader.FieldCount; i++)
                {
                    hash.AppendData(Encoding.UTF8.GetBytes(rowReader.IsDBNull(i) ? "\u0004N" : $"\u0004{rowReader.GetFieldType(i).Name}:"));
                    if (!rowReader.IsDBNull(i))
                    {
                        hash.AppendData(rowReader.GetValue(i) switch
                        {
                            byte[] bytes => bytes,
                            var value => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!),
                        });
                    }
                }
            }

            rows[table] = count;
        }

        return (Convert.ToHexString(hash.GetHashAndReset()), rows);
    }
}
