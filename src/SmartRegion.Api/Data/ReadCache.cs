using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Setup;
using SQLitePCL;

namespace SmartRegion.Api.Data;

/// <summary>
/// Results of the hottest reads (a region by its slug, the project list and search, a project, the participation
/// matrix, the change feed) kept in memory for exactly as long as the database has not changed, so that a repeated
/// read costs no statement at all.
/// <para>
/// SQLite says cheaply and exactly whether anything was committed since: <c>PRAGMA data_version</c> on a connection
/// that never writes changes after every commit of any other connection — of this process, of another service process
/// on the same file, or of the sqlite3 shell. Each request checks one such watcher connection (a small pool of them,
/// so that requests never queue for one) before its first statement. A watcher whose version moved since its own last
/// check has seen a commit: the request starts a new, empty generation of entries. Otherwise it uses the newest
/// generation. Why that is exact: the first check of each watcher after a commit sees the change and starts a
/// generation; a generation only ever holds what requests read after it was started; and a generation is never
/// replaced by an older one. So a request that starts after a commit was acknowledged never reads an entry read
/// before it. Entries that depend on the date carry it in their key.
/// </para>
/// <para>
/// SQL Server has no signal as cheap as the read it would save (every check would be a round trip), so there the
/// cache is off and every read goes to the server; so it is with a read-only copy configured.
/// <c>Database:ReadCacheMegabytes</c> bounds the memory (0 turns the cache off); a generation that is full stores
/// nothing more until the next commit starts a new one.
/// </para>
/// </summary>
public sealed class ReadCache : IDisposable
{
    /// <summary>Idle watchers kept open; more are opened while more requests check at once, and closed afterwards.</summary>
    private const int MaxIdleWatchers = 8;

    // A queue rather than a bag: requests hop threads, and a bag's steals between threads take a lock.
    private readonly ConcurrentQueue<Watcher> idle = new();
    private readonly string? watchedConnectionString;
    private readonly long maxBytes;
    private readonly ILogger<ReadCache> logger;
    private long generationsStarted;
    private Generation? newest;

    public ReadCache(IOptions<DatabaseOptions> options, ILogger<ReadCache> logger)
    {
        var database = options.Value;
        this.logger = logger;
        maxBytes = (long)database.ReadCacheMegabytes * 1024 * 1024;
        // One SQLite database only: with a read-only copy configured, GETs would read a file the version does not describe.
        watchedConnectionString = database.Provider == DatabaseProvider.Sqlite && database.ReadOnlyConnectionString is null && maxBytes > 0
            ? new SqliteConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString()
            : null;
    }

    /// <summary>
    /// The entries of the database's state now. Call it before the request's first statement: what the request reads
    /// afterwards is at least as new as this state, so it may be stored here.
    /// </summary>
    public CachedReads Current()
    {
        if (watchedConnectionString is null)
        {
            return default;
        }

        if (!idle.TryDequeue(out var watcher))
        {
            watcher = new Watcher(watchedConnectionString);
        }

        bool changed;
        try
        {
            changed = watcher.HasChanged();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is raw.SQLITE_BUSY or raw.SQLITE_LOCKED)
        {
            // A checkpoint or recovery holds the file for a moment: this request reads without the cache, and the
            // watcher (whose last version is unchanged) checks again next time.
            Return(watcher);
            return default;
        }
        catch (SqliteException ex)
        {
            // The database is unreachable: the request's own reads report the outage.
            logger.LogWarning(ex, "The read cache could not read the database's version; reading without it");
            watcher.Dispose();
            return default;
        }

        // Started before the watcher goes back: the next request on it sees no change and must find this generation.
        var generation = changed ? Start() : Volatile.Read(ref newest) ?? Start();
        Return(watcher);
        return new CachedReads(generation);
    }

    public void Dispose()
    {
        while (idle.TryDequeue(out var watcher))
        {
            watcher.Dispose();
        }
    }

    /// <summary>A new, empty generation, published unless a newer one already is (never an older one over a newer).</summary>
    private Generation Start()
    {
        var started = new Generation(Interlocked.Increment(ref generationsStarted), maxBytes);
        var seen = Volatile.Read(ref newest);
        while (seen is null || seen.Number < started.Number)
        {
            var witnessed = Interlocked.CompareExchange(ref newest, started, seen);
            if (ReferenceEquals(witnessed, seen))
            {
                break;
            }

            seen = witnessed;
        }

        return started;
    }

    private void Return(Watcher watcher)
    {
        if (idle.Count < MaxIdleWatchers)
        {
            idle.Enqueue(watcher);
        }
        else
        {
            watcher.Dispose();
        }
    }

    /// <summary>A read-only connection and its prepared <c>PRAGMA data_version</c>; used by one request at a time.</summary>
    private sealed class Watcher(string connectionString) : IDisposable
    {
        private SqliteConnection? connection;
        private sqlite3_stmt? statement;
        private bool checkedBefore;
        private long lastVersion;

        /// <summary>
        /// Whether anything was committed since this watcher's last check; true on its first check, since a new
        /// connection's versions say nothing about what happened before it.
        /// </summary>
        public bool HasChanged()
        {
            if (statement is null)
            {
                connection = new SqliteConnection(connectionString);
                connection.Open();
                // Prepared once and stepped directly: the check runs on every cached read.
                SqliteException.ThrowExceptionForRC(raw.sqlite3_prepare_v2(connection.Handle, "PRAGMA data_version;", out var prepared), connection.Handle);
                statement = prepared;
            }

            raw.sqlite3_reset(statement);
            var stepped = raw.sqlite3_step(statement);
            if (stepped != raw.SQLITE_ROW)
            {
                SqliteException.ThrowExceptionForRC(stepped, connection!.Handle);
            }

            var version = raw.sqlite3_column_int64(statement, 0);
            var changed = !checkedBefore || version != lastVersion;
            (checkedBefore, lastVersion) = (true, version);
            return changed;
        }

        public void Dispose()
        {
            statement?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>The entries read since one commit was seen, numbered in the order the generations started.</summary>
    internal sealed class Generation(long number, long maxBytes)
    {
        private long bytes;

        public long Number { get; } = number;

        public ConcurrentDictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);

        /// <summary>Keeps or replaces the entry (a replaced one still counts: the bound errs on the safe side).</summary>
        public void Add(string key, object value, long size)
        {
            if (Interlocked.Add(ref bytes, size) > maxBytes)
            {
                Interlocked.Add(ref bytes, -size);
                return;
            }

            Entries[key] = value;
        }
    }
}

/// <summary>
/// The entries of one state of the database (see <see cref="ReadCache"/>); the default value, used when the cache is
/// off, finds nothing and keeps nothing.
/// </summary>
public readonly struct CachedReads
{
    internal CachedReads(ReadCache.Generation generation) => Generation = generation;

    internal ReadCache.Generation? Generation { get; }

    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
        where T : class
    {
        if (Generation is not null && Generation.Entries.TryGetValue(key, out var entry) && entry is T typed)
        {
            SmartRegionMetrics.ReadCacheLookup(hit: true);
            value = typed;
            return true;
        }

        if (Generation is not null)
        {
            SmartRegionMetrics.ReadCacheLookup(hit: false);
        }

        value = null;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> (about <paramref name="size"/> bytes) for this state of the database.</summary>
    public void Add(string key, object value, long size) => Generation?.Add(key, value, size);
}
