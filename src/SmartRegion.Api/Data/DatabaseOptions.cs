namespace SmartRegion.Api.Data;

/// <summary>Which database engine the service talks to.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Bound from the <c>Database</c> section and <c>ConnectionStrings:SmartRegion</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public const string ConnectionStringName = "SmartRegion";
    public const string DefaultSqliteConnectionString = "Data Source=./data/smartregion.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    public string ConnectionString { get; set; } = DefaultSqliteConnectionString;
}
