using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Setup;

namespace SmartRegion.Api.Data;

/// <summary>
/// Results of the hottest reads (a region by its slug, the project list and search, a project) kept in memory for
/// exactly as long as the database has not changed, so that a repeated read costs no statement at all.
/// <para>
/// SQLite says cheaply and exactly whether anything was committed since: <c>PRAGMA data_version</c> on a connection
/// that never writes changes after every commit of any other connection — of this process, of another service process
/// on the same file, or of the sqlite3 shell. Each request reads that version before its first statement and uses the
/// entries stored under the same version only; the first request that sees a new version starts an empty
/// generation. An entry therefore holds a state at least as new as its version, and a request that starts after a
/// commit was acknowledged never reads an entry from before it. Entries that depend on the date carry it in their key.
/// </para>
/// <para>
/// SQL Server has no signal as cheap as the read it would save (every check would be a round trip), so there the
/// cache is off and every read goes to the server. <c>Database:ReadCacheMegabytes</c> bounds the memory (0 turns the
/// cache off); a generation that is full stores nothing more until the next commit starts a new one.
/// </para>
/// </summary>
public sealed class ReadCache : IDisposable
{
    private readonly object watcherLock = new();
    private readonly string? watchedConnectionString;
    private readonly long maxBytes;
    private readonly ILogger<ReadCache> logger;
    private SqliteConnection? watcher;
    private SqliteCommand? versionQuery;
    private long watcherEpoch;
    private Generation? current;

    public ReadCache(IOptions<DatabaseOptions> options, ILogger<ReadCache> logger)
    {
        var database = options.Value;
        this.logger = logger;
        maxBytes = (long)database.ReadCacheMegabytes * 1024 * 1024;
        // GETs read from the read-only copy when one is configured: the version must be that database's.
        watchedConnectionString = database.Provider == DatabaseProvider.Sqlite && maxBytes > 0
            ? new SqliteConnectionStringBuilder(database.ReadOnlyConnectionString ?? database.ConnectionString) { Pooling = false }.ToString()
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

        lock (watcherLock)
        {
            try
            {
                if (versionQuery is null)
                {
                    watcher = new SqliteConnection(watchedConnectionString);
                    watcher.Open();
                    versionQuery = watcher.CreateCommand();
                    versionQuery.CommandText = "PRAGMA data_version;";
                    // A new connection counts from its own start: its versions say nothing about the old one's.
                    watcherEpoch++;
                }

                var version = (watcherEpoch << 40) | (long)versionQuery.ExecuteScalar()!;
                if (current?.Version != version)
                {
                    current = new Generation(version, maxBytes);
                }

                return new CachedReads(current);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
            {
                // A checkpoint or recovery holds the file for a moment: this request reads without the cache.
                return default;
            }
            catch (SqliteException ex)
            {
                // The database is unreachable: no entry is trusted, and the request's own reads report the outage.
                logger.LogWarning(ex, "The read cache could not read the database's version; reading without it");
                CloseWatcher();
                current = null;
                return default;
            }
        }
    }

    public void Dispose()
    {
        lock (watcherLock)
        {
            CloseWatcher();
        }
    }

    private void CloseWatcher()
    {
        versionQuery?.Dispose();
        watcher?.Dispose();
        versionQuery = null;
        watcher = null;
    }

    /// <summary>The entries of one version of the database.</summary>
    internal sealed class Generation(long version, long maxBytes)
    {
        private long bytes;

        public long Version { get; } = version;

        public ConcurrentDictionary<string, object> Entries { get; } = new(StringComparer.Ordinal);

        public void Add(string key, object value, long size)
        {
            if (Interlocked.Add(ref bytes, size) > maxBytes)
            {
                Interlocked.Add(ref bytes, -size);
                return;
            }

            if (!Entries.TryAdd(key, value))
            {
                Interlocked.Add(ref bytes, -size);
            }
        }
    }
}

/// <summary>
/// The entries of one state of the database (see <see cref="ReadCache"/>); the default value, used when the cache is
/// off, finds nothing and keeps nothing.
/// </summary>
public readonly struct CachedReads
{
    private readonly ReadCache.Generation? generation;

    internal CachedReads(ReadCache.Generation generation) => this.generation = generation;

    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
        where T : class
    {
        if (generation is not null && generation.Entries.TryGetValue(key, out var entry) && entry is T typed)
        {
            SmartRegionMetrics.ReadCacheLookup(hit: true);
            value = typed;
            return true;
        }

        if (generation is not null)
        {
            SmartRegionMetrics.ReadCacheLookup(hit: false);
        }

        value = null;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> (about <paramref name="size"/> bytes) for this state of the database.</summary>
    public void Add(string key, object value, long size) => generation?.Add(key, value, size);
}
