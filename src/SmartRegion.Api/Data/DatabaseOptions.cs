namespace SmartRegion.Api.Data;

/// <summary>Which database engine the service talks to.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from the <c>Database</c> section, <c>ConnectionStrings:SmartRegion</c> and <c>ConnectionStrings:SmartRegionReadOnly</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "SmartRegion";
    public const string ReadOnlyConnectionStringName = "SmartRegionReadOnly";
    public const string DefaultSqliteConnectionString = "Data Source=./data/smartregion.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;

    /// <summary>
    /// <c>ConnectionStrings:SmartRegionReadOnly</c>: where GET requests read, e.g. an Availability Group's readable
    /// secondary (on SQL Server the service adds <c>ApplicationIntent=ReadOnly</c>). Null: every read uses the primary.
    /// </summary>
    public string? ReadOnlyConnectionString { get; set; }

    /// <summary>
    /// <c>Database:ReadCacheMegabytes</c>: memory for the answers of hot reads kept until the next commit (SQLite only,
    /// see <see cref="ReadCache"/>); 0 turns the cache off.
    /// </summary>
    public int ReadCacheMegabytes { get; set; } = 16;

    /// <summary><c>Database:SqlServerRetry</c>: how SqlClient retries opening a connection after a transient error.</summary>
    public SqlServerRetryOptions SqlServerRetry { get; set; } = new();
}
