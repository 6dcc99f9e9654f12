using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace SmartRegion.Api.Data;

/// <summary>Opens sessions on the configured database; the only place that knows how to connect.</summary>
public sealed class SmartRegionDb(IOptions<DatabaseOptions> options, SqliteConnectionFactory sqliteConnections)
{
    private readonly DatabaseOptions options = options.Value;

    private readonly string? readOnlyConnectionString = options.Value.ReadOnlyConnectionString is { } readOnly && options.Value.Provider == DatabaseProvider.SqlServer
        ? new SqlConnectionStringBuilder(readOnly) { ApplicationIntent = ApplicationIntent.ReadOnly }.ConnectionString
        : options.Value.ReadOnlyConnectionString;

    /// <summary>Retries opening a SQL Server connection after a transient error (see <see cref="SqlServerRetry"/>).</summary>
    private readonly SqlRetryLogicBaseProvider sqlServerRetry = SqlServerRetry.Create(options.Value.SqlServerRetry);

    public DatabaseProvider Provider => options.Provider;

    /// <summary>
    /// A session for reads; each statement is its own implicit transaction. Inside a request whose writes are held
    /// in a <see cref="DeferredTransaction"/>, reads after the first write go through that transaction (they see the
    /// request's own writes and never wait for its locks).
    /// </summary>
    public async Task<DbSession> OpenAsync(CancellationToken cancellationToken)
    {
        if (DeferredTransaction.Current?.ReadSession(cancellationToken) is { } joined)
        {
            return joined;
        }

        var connection = await OpenConnectionAsync(ReadConnectionString, cancellationToken);
        return new DbSession(connection, transaction: null, options.Provider, cancellationToken);
    }

    /// <summary>
    /// A session for reads on the primary database, also in a GET: for reads whose answer depends on the transactions
    /// open on the primary (the change feed's <c>MIN_ACTIVE_ROWVERSION()</c> bound), which a secondary cannot know.
    /// </summary>
    public async Task<DbSession> OpenPrimaryAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        return new DbSession(connection, transaction: null, options.Provider, cancellationToken);
    }

    /// <summary>
    /// A session for a read of several statements that must agree with each other, such as a page and the child rows
    /// of exactly its items. SQLite (WAL): a deferred transaction reads one snapshot from its first statement to its
    /// end and never blocks a writer. SQL Server: plain READ COMMITTED statements (a transaction at that level would
    /// add round trips and no consistency); a true snapshot there needs the database option
    /// ALLOW_SNAPSHOT_ISOLATION, which the schema does not set, so a read there relies on the children being read
    /// for the ids the page returned (never for a second run of the page query).
    /// </summary>
    public async Task<DbSession> OpenSnapshotAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(ReadConnectionString, cancellationToken);
        // Never committed: disposing the session rolls the read-only transaction back.
        var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: true) : null;
        return new DbSession(connection, transaction, options.Provider, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it when the work returns normally. A write and
    /// its change record go through the same call, so both are stored or neither is. Inside a
    /// <see cref="DeferredTransaction"/> the work joins it instead, and the commit is left to its owner. A transaction
    /// chosen as a deadlock victim (SQL Server 1205) has been rolled back entirely, so the work runs once more on a new
    /// connection; a second deadlock answers 503 (see <see cref="DbErrors"/>). The work must therefore touch nothing
    /// but its session (every use case does). A deferred transaction is not retried here: its owner's whole request
    /// was rolled back, and the idempotency reservation lets the client's retry run it again.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        if (DeferredTransaction.Current is { } deferred)
        {
            return await deferred.RunAsync(OpenConnectionAsync, options.Provider, work, cancellationToken);
        }

        try
        {
            return await InOneTransactionAsync(work, cancellationToken);
        }
        catch (Exception ex) when (DbErrors.IsDeadlock(ex))
        {
            return await InOneTransactionAsync(work, cancellationToken);
        }
    }

    public Task InTransactionAsync(Func<DbSession, Task> work, CancellationToken cancellationToken) =>
        InTransactionAsync<bool>(async session => { await work(session); return true; }, cancellationToken);

    private async Task<T> InOneTransactionAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken);
        // SQLite: an immediate (write) transaction from the start avoids lock upgrades that fail under concurrency.
        // SQL Server: READ COMMITTED plus optimistic version checks in every UPDATE.
        var transaction = connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await using var session = new DbSession(connection, transaction, options.Provider, cancellationToken);
        var result = await work(session);
        await session.CommitAsync();
        return result;
    }

    /// <summary>
    /// The one place that chooses between primary and read-only database: the read-only connection string when it is
    /// configured and the request only reads (<see cref="ReadOnlyRequests"/>); transactions always use the primary.
    /// </summary>
    private string ReadConnectionString =>
        ReadOnlyRequests.Active && readOnlyConnectionString is { } readOnly ? readOnly : options.ConnectionString;

    private Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        OpenConnectionAsync(options.ConnectionString, cancellationToken);

    private async Task<DbConnection> OpenConnectionAsync(string connectionString, CancellationToken cancellationToken)
    {
        DbConnection connection = options.Provider == DatabaseProvider.SqlServer
            ? new SqlConnection(connectionString) { RetryLogicProvider = sqlServerRetry }
            : sqliteConnections.Create(SqliteConnectionStrings.ForService(connectionString));
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite)
            {
                SqlitePhysicalConnections.EnsureConfigured(sqlite);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
