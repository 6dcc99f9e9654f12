using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace SmartRegion.Api.Data;

/// <summary>
/// The per-connection settings of SQLite (<c>busy_timeout</c>, <c>foreign_keys</c>) belong to the physical
/// connection, which Microsoft.Data.Sqlite's pool keeps open across many <c>Open()</c> calls. They are set once per
/// physical connection (recognised by its native handle) instead of by a statement on every open: a pooled open then
/// runs no statement at all. (The connection string's <c>Foreign Keys=True</c> would run a PRAGMA on every open.)
/// </summary>
internal static class SqlitePhysicalConnections
{
    public const string Settings = "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;";

    private static readonly ConditionalWeakTable<sqlite3, object> Configured = [];
    private static readonly object Marker = new();

    /// <summary>Applies <see cref="Settings"/> unless this physical connection already has them.</summary>
    public static void EnsureConfigured(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        if (Configured.TryGetValue(handle, out _))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = Settings;
        command.ExecuteNonQuery();
        Configured.AddOrUpdate(handle, Marker);
    }
}
