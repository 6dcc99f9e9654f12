namespace SmartRegion.Api.Data;

/// <summary>
/// One parameterised SQL statement with its text per dialect. Declared as <c>static readonly</c> fields in the
/// feature's <c>Sql</c> class, so the SQL Server model test finds and validates every statement by reflection.
/// </summary>
public sealed class SqlStatement
{
    private SqlStatement(string sqlite, string sqlServer)
    {
        Sqlite = sqlite;
        SqlServer = sqlServer;
    }

    public string Sqlite { get; }

    public string SqlServer { get; }

    /// <summary>A statement written in the subset of SQL both engines understand identically.</summary>
    public static SqlStatement Shared(string sql) => new(sql, sql);

    /// <summary>A statement that must differ per engine (paging, upserts, DDL, time functions).</summary>
    public static SqlStatement PerDialect(string sqlite, string sqlServer) => new(sqlite, sqlServer);

    public string For(DatabaseProvider provider) => provider == DatabaseProvider.SqlServer ? SqlServer : Sqlite;
}
