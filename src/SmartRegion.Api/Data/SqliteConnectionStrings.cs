using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>The settings every SQLite connection of the service uses, whatever the configured string says.</summary>
internal static class SqliteConnectionStrings
{
    /// <summary>
    /// The service's connections: pooled; foreign keys and the busy timeout are set once per physical connection by
    /// <see cref="SqlitePhysicalConnections"/> (a <c>Foreign Keys</c> keyword here would run a PRAGMA on every open).
    /// </summary>
    public static string ForService(string configured)
    {
        var builder = new SqliteConnectionStringBuilder(configured)
        {
            ForeignKeys = null,
            Pooling = true,
            DefaultTimeout = 30,
        };
        return builder.ToString();
    }

    /// <summary>DbUp's connections (migrations and the readiness check): foreign keys on, as the service has them.</summary>
    public static string ForMigrations(string configured) =>
        new SqliteConnectionStringBuilder(ForService(configured)) { ForeignKeys = true }.ToString();

    /// <summary>Creates the folder of a file database so that a fresh clone can start without set-up.</summary>
    public static void EnsureDirectory(string configured)
    {
        var dataSource = new SqliteConnectionStringBuilder(configured).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
