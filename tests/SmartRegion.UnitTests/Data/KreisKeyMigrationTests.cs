using DbUp;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.UnitTests.Data;

/// <summary>
/// Migration 0008 (one region per Kreis key) on a SQLite file through DbUp, as the service runs it: a database whose
/// regions already share a key stops with a message and keeps its data, any other gets the unique index.
/// </summary>
public sealed class KreisKeyMigrationTests : IDisposable
{
    private const string Migration = "0008";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "smartregion-unit-tests", Guid.NewGuid().ToString("N"));

    public KreisKeyMigrationTests() => Directory.CreateDirectory(folder);

    private string ConnectionString => $"Data Source={Path.Combine(folder, "smartregion.db")}";

    [Fact]
    public void Regions_that_already_share_a_kreis_key_stop_the_migration_with_a_message_and_keep_their_data()
    {
        MigrateBefore(Migration);
        InsertRegion("kreis-steinfurt", "05566");
        InsertRegion("kreis-steinfurt-alt", "05566");

        var failure = Assert.Throws<InvalidOperationException>(() => Service().Migrate());

        Assert.Contains(Migration, failure.Message, StringComparison.Ordinal);
        Assert.Contains("Migration 0008 stopped: a Kreis key belongs to one region only", failure.InnerException?.Message, StringComparison.Ordinal);
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM Regions WHERE KreisKey = '05566'"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'UX_Regions_KreisKey'"));
        Assert.Equal(0L, Scalar($"SELECT COUNT(*) FROM SchemaVersions WHERE ScriptName LIKE '%.{Migration}_%'"));
        Assert.False(Service().IsUpToDate());
    }

    [Fact]
    public void Regions_with_distinct_kreis_keys_get_the_unique_index_and_its_violation_is_recognised_as_that_index()
    {
        MigrateBefore(Migration);
        InsertRegion("kreis-steinfurt", "05566");
        InsertRegion("kreis-warendorf", "05570");

        Service().Migrate();

        Assert.True(Service().IsUpToDate());
        var sameKey = Assert.Throws<SqliteException>(() => InsertRegion("kreis-steinfurt-neu", "05566"));
        Assert.True(DbErrors.IsUniqueViolationOf(sameKey, RegionsSql.KreisKeyIndex));
        var sameSlug = Assert.Throws<SqliteException>(() => InsertRegion("kreis-steinfurt", "05999"));
        Assert.True(DbErrors.IsUniqueViolation(sameSlug));
        Assert.False(DbErrors.IsUniqueViolationOf(sameSlug, RegionsSql.KreisKeyIndex));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private Migrator Service() => new(
        Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString }),
        NullLogger<Migrator>.Instance);

    /// <summary>The database as it was before <paramref name="number"/>: the earlier scripts, journaled as DbUp does.</summary>
    private void MigrateBefore(string number)
    {
        var prefix = Migrator.ScriptFolder(DatabaseProvider.Sqlite);
        var result = DeployChanges.To.SqliteDatabase(ConnectionString)
            .WithScriptsEmbeddedInAssembly(
                typeof(Migrator).Assembly,
                name => name.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(name[prefix.Length..], number) < 0)
            .WithTransactionPerScript()
            .Build()
            .PerformUpgrade();
        Assert.True(result.Successful, result.Error?.Message);
    }

    private void InsertRegion(string slug, string kreisKey)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO Regions (Id, Slug, Name, KreisKey, Vision, Version, CreatedAt, UpdatedAt)
            VALUES ($id, $slug, $slug, $kreisKey, NULL, 1, '2025-01-01T00:00:00.0000000Z', '2025-01-01T00:00:00.0000000Z')
            """;
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("$slug", slug);
        command.Parameters.AddWithValue("$kreisKey", kreisKey);
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant test SQL
        command.CommandText = sql;
#pragma warning restore CA2100
        return (long)command.ExecuteScalar()!;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }
}
