using System.Reflection;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Options;

namespace SmartRegion.Api.Data;

/// <summary>
/// Applies the numbered scripts under <c>Data/Migrations/&lt;Dialect&gt;/</c>, embedded in this assembly. Scripts are
/// never edited once merged; a change is a new number.
/// </summary>
public sealed class Migrator(IOptions<DatabaseOptions> options, ILogger<Migrator> logger)
{
    private const string SqlServerLockName = "SmartRegion.Migrations";

    public static string ScriptFolder(DatabaseProvider provider) =>
        $"SmartRegion.Api.Data.Migrations.{(provider == DatabaseProvider.SqlServer ? "SqlServer" : "Sqlite")}.";

    /// <summary>The embedded migration scripts of one dialect, in the order they run.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Scripts(DatabaseProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = ScriptFolder(provider);
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => (name[prefix.Length..], ReadResource(assembly, name)))
            .ToList();
    }

    public void Migrate()
    {
        var settings = options.Value;
        if (settings.Provider == DatabaseProvider.SqlServer)
        {
            MigrateSqlServer(settings.ConnectionString);
        }
        else
        {
            SqliteConnectionStrings.EnsureDirectory(settings.ConnectionString);
            var connectionString = SqliteConnectionStrings.ForMigrations(settings.ConnectionString);
            using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(connectionString))
            {
                connection.Open();
                using var wal = connection.CreateCommand();
                // WAL lets readers work while one writer commits; the mode is stored in the database file.
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                wal.ExecuteNonQuery();
            }

            Run(DeployChanges.To.SqliteDatabase(connectionString), DatabaseProvider.Sqlite);
        }
    }

    /// <summary>True when the database is reachable and no script is waiting to run.</summary>
    public bool IsUpToDate()
    {
        var settings = options.Value;
        var builder = settings.Provider == DatabaseProvider.SqlServer
            ? DeployChanges.To.SqlDatabase(settings.ConnectionString)
            : DeployChanges.To.SqliteDatabase(SqliteConnectionStrings.ForMigrations(settings.ConnectionString));
        return !Engine(builder, settings.Provider).IsUpgradeRequired();
    }

    private void MigrateSqlServer(string connectionString)
    {
        // Instances that start together serialise on a session-owned application lock, so only the first one
        // applies the scripts and the others find the journal complete.
        using var lockConnection = new SqlConnection(connectionString);
        lockConnection.Open();
        using (var acquire = lockConnection.CreateCommand())
        {
            acquire.CommandText = """
                DECLARE @result int;
                EXEC @result = sp_getapplock @Resource = @name, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000;
                SELECT @result;
                """;
            acquire.Parameters.AddWithValue("@name", SqlServerLockName);
            acquire.CommandTimeout = 130;
            var result = Convert.ToInt32(acquire.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (result < 0)
            {
                throw new InvalidOperationException($"Could not acquire the migration lock (sp_getapplock returned {result}).");
            }
        }

        try
        {
            Run(DeployChanges.To.SqlDatabase(connectionString), DatabaseProvider.SqlServer);
        }
        finally
        {
            using var release = lockConnection.CreateCommand();
            release.CommandText = "EXEC sp_releaseapplock @Resource = @name, @LockOwner = 'Session';";
            release.Parameters.AddWithValue("@name", SqlServerLockName);
            release.ExecuteNonQuery();
        }
    }

    private void Run(DbUp.Builder.UpgradeEngineBuilder builder, DatabaseProvider provider)
    {
        var result = Engine(builder, provider).PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed.", result.Error);
        }

        foreach (var script in result.Scripts)
        {
            logger.LogInformation("Applied migration {Script}", script.Name);
        }
    }

    private UpgradeEngine Engine(DbUp.Builder.UpgradeEngineBuilder builder, DatabaseProvider provider)
    {
        var prefix = ScriptFolder(provider);
        return builder
            .WithScriptsEmbeddedInAssembly(typeof(Migrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new MigrationLog(logger))
            .Build();
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>DbUp's messages, at debug level except warnings and errors.</summary>
    private sealed class MigrationLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);

        public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

        public void LogInformation(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);

        public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);

        public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);

        public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

        private void Write(LogLevel level, Exception? exception, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
                logger.Log(level, exception, "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
            }
        }
    }
}
