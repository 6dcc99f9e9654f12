using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>What a database error means for the caller, the same on both engines.</summary>
public enum DbErrorKind
{
    /// <summary>Not a database condition this service knows; a bug, answered with 500.</summary>
    Other,

    /// <summary>A unique index or primary key refused a duplicate (409 duplicate).</summary>
    UniqueViolation,

    /// <summary>A foreign key or check constraint refused the change (409 in-use). SQL Server reports both as 547.</summary>
    ConstraintViolation,

    /// <summary>The transaction was chosen as a deadlock victim; it is rolled back and can be repeated.</summary>
    Deadlock,

    /// <summary>Timeout, lost connection, busy or unreachable database (503 with <c>Retry-After</c>).</summary>
    Unavailable,
}

/// <summary>
/// Recognises the errors of both engines, so callers can react without provider checks. The SQL Server and SQLite
/// rules take plain error numbers, so they are unit-tested without a server (SqlException has no public ctor).
/// </summary>
public static class DbErrors
{
    public static DbErrorKind Classify(Exception exception) => exception switch
    {
        SqlException sql => ClassifySqlServer(sql.Number, sql.Class),
        SqliteException sqlite => ClassifySqlite(sqlite.SqliteErrorCode, sqlite.SqliteExtendedErrorCode),
        TimeoutException => DbErrorKind.Unavailable,
        _ => DbErrorKind.Other,
    };

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

    /// <summary>SQL Server error number and severity (class) of the first error of a <see cref="SqlException"/>.</summary>
    public static DbErrorKind ClassifySqlServer(int number, byte severity) => number switch
    {
        2601 or 2627 => DbErrorKind.UniqueViolation,
        547 => DbErrorKind.ConstraintViolation,
        1205 => DbErrorKind.Deadlock,
        // -2 command timeout, 1222 lock request timeout; -1, 2, 53, 121, 233, 10053, 10054, 10060, 10061 connection
        // could not be made or was lost; 4060 database cannot be opened, 18456 login refused (e.g. while a database
        // is restored); 40197, 40501, 40613, 49918-49920, 10928, 10929 busy or failing over (Azure SQL).
        -2 or 1222 or -1 or 2 or 53 or 121 or 233 or 10053 or 10054 or 10060 or 10061 or 4060 or 18456
            or 40197 or 40501 or 40613 or 49918 or 49919 or 49920 or 10928 or 10929 => DbErrorKind.Unavailable,
        // Severity 20 and above ends the connection (a fatal error of the server or the network).
        _ when severity >= 20 => DbErrorKind.Unavailable,
        _ => DbErrorKind.Other,
    };

    /// <summary>SQLite primary and extended result codes of a <see cref="SqliteException"/>.</summary>
    public static DbErrorKind ClassifySqlite(int errorCode, int extendedErrorCode) => (errorCode, extendedErrorCode) switch
    {
        (19, 2067 or 1555) => DbErrorKind.UniqueViolation,
        // SQLITE_CONSTRAINT_FOREIGNKEY, SQLITE_CONSTRAINT_CHECK: the same 409 that SQL Server's 547 gives.
        (19, 787 or 275) => DbErrorKind.ConstraintViolation,
        // SQLITE_BUSY, SQLITE_LOCKED (after the busy timeout), SQLITE_CANTOPEN.
        (5 or 6 or 14, _) => DbErrorKind.Unavailable,
        _ => DbErrorKind.Other,
    };

    public static bool IsUniqueViolation(Exception exception) => Classify(exception) == DbErrorKind.UniqueViolation;

    public static bool IsForeignKeyViolation(Exception exception) => Classify(exception) == DbErrorKind.ConstraintViolation;

    public static bool IsDeadlock(Exception exception) => Classify(exception) == DbErrorKind.Deadlock;

    /// <summary>Worth retrying later: unavailable, or a deadlock that has already been retried.</summary>
    public static bool IsUnavailable(Exception exception) => Classify(exception) is DbErrorKind.Unavailable or DbErrorKind.Deadlock;
}

/// <summary>A unique index as each engine reports it: its name (SQL Server) and its columns (SQLite, <c>Table.Column, …</c>).</summary>
public sealed record UniqueIndex(string Name, string SqliteColumns);
