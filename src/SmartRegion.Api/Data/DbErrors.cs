using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>Recognises the constraint errors of both engines, so callers can react without provider checks.</summary>
public static class DbErrors
{
    public static bool IsUniqueViolation(Exception exception) => exception is
        SqlException { Number: 2601 or 2627 } or
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    /// <summary>
    /// A unique violation of this one index. SQL Server names the index in its message; SQLite names only the
    /// columns (<c>UNIQUE constraint failed: T.A, T.B</c>), so the index is recognised by its exact column list.
    /// </summary>
    public static bool IsUniqueViolationOf(Exception exception, UniqueIndex index) => exception switch
    {
        SqlException { Number: 2601 or 2627 } sql => sql.Message.Contains($"'{index.Name}'", StringComparison.OrdinalIgnoreCase),
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 } sqlite =>
            sqlite.Message.Contains($"UNIQUE constraint failed: {index.SqliteColumns}'", StringComparison.Ordinal),
        _ => false,
    };

    public static bool IsForeignKeyViolation(Exception exception) => exception is
        SqlException { Number: 547 } or
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };

    public static bool IsUnavailable(Exception exception) => exception is
        SqlException { Number: -2 or 53 or 4060 or 18456 or 40613 or 1205 or 10054 or 10060 or 233 } or
        SqlException { Class: >= 20 } or
        SqliteException { SqliteErrorCode: 5 or 6 } or
        TimeoutException;
}

/// <summary>A unique index as each engine reports it: its name (SQL Server) and its columns (SQLite, <c>Table.Column, …</c>).</summary>
public sealed record UniqueIndex(string Name, string SqliteColumns);
