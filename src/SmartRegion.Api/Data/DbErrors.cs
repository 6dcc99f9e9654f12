using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>Recognises the constraint errors of both engines, so callers can react without provider checks.</summary>
public static class DbErrors
{
    public static bool IsUniqueViolation(Exception exception) => exception is
        SqlException { Number: 2601 or 2627 } or
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };

    public static bool IsForeignKeyViolation(Exception exception) => exception is
        SqlException { Number: 547 } or
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 787 };

    public static bool IsUnavailable(Exception exception) => exception is
        SqlException { Number: -2 or 53 or 4060 or 18456 or 40613 or 1205 or 10054 or 10060 or 233 } or
        SqlException { Class: >= 20 } or
        SqliteException { SqliteErrorCode: 5 or 6 } or
        TimeoutException;
}
