using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>
/// One transaction for all the writes of a request, committed by whoever began it rather than by
/// <see cref="SmartRegionDb.InTransactionAsync{T}"/>. The idempotency middleware begins one so that a POST's write and
/// its stored response commit together: a crash leaves both or neither. While it is active, every
/// <c>InTransactionAsync</c> of the request runs inside it (each call under a savepoint, so a failed call still
/// leaves nothing behind) and every <c>OpenAsync</c> after the first write reads through it, seeing its own writes.
/// </summary>
public sealed class DeferredTransaction : IAsyncDisposable
{
    private static readonly AsyncLocal<DeferredTransaction?> Ambient = new();

    private readonly DeferredTransaction? outer;
    private DbConnection? connection;
    private DbTransaction? transaction;
    private DatabaseProvider provider;
    private int savepoints;
    private bool finished;
    private bool doomed;
    private List<Action>? afterCommit;

    private DeferredTransaction(DeferredTransaction? outer) => this.outer = outer;

    /// <summary>The deferred transaction of the current request, if one was begun.</summary>
    internal static DeferredTransaction? Current => Ambient.Value is { finished: false } current ? current : null;

    /// <summary>True once some work of the request has written (the transaction is open).</summary>
    public bool HasWrites => transaction is not null;

    /// <summary>Begins deferring: until disposal, the request's transactional work joins this transaction.</summary>
    public static DeferredTransaction Begin()
    {
        var deferred = new DeferredTransaction(Ambient.Value);
        Ambient.Value = deferred;
        return deferred;
    }

    /// <summary>Runs <paramref name="last"/> inside the transaction, then commits everything.</summary>
    public async Task CommitAsync(Func<DbSession, Task> last, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        if (doomed || transaction is null || connection is null)
        {
            throw new InvalidOperationException("Nothing to commit: the request wrote nothing, or a failure undid its transaction.");
        }

        await last(Session(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        finished = true;
        foreach (var action in afterCommit ?? [])
        {
            action();
        }
    }

    /// <summary>Runs <paramref name="action"/> once this transaction has committed (never when it rolls back).</summary>
    internal void AfterCommit(Action action) => (afterCommit ??= []).Add(action);

    /// <summary>Rolls back whatever was not committed.</summary>
    public async ValueTask DisposeAsync()
    {
        finished = true;
        Ambient.Value = outer;
        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>A non-owning session on the open transaction, or null when nothing was written yet.</summary>
    internal DbSession? ReadSession(CancellationToken cancellationToken) => transaction is null ? null : Session(cancellationToken);

    internal async Task<T> RunAsync<T>(
        Func<CancellationToken, Task<DbConnection>> open, DatabaseProvider databaseProvider, Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        if (doomed)
        {
            throw new InvalidOperationException("An earlier failure undid this request's transaction.");
        }

        if (transaction is null)
        {
            connection = await open(cancellationToken);
            provider = databaseProvider;
            // The same isolation as SmartRegionDb.InTransactionAsync.
            transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        }

        var savepoint = $"sr_work_{++savepoints}";
        await transaction.SaveAsync(savepoint, cancellationToken);
        try
        {
            var result = await work(Session(cancellationToken));
            await transaction.ReleaseAsync(savepoint, cancellationToken);
            return result;
        }
        catch
        {
            try
            {
                await transaction.RollbackAsync(savepoint, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // The engine already rolled the whole transaction back (e.g. a SQL Server deadlock victim).
                doomed = true;
            }

            throw;
        }
    }

    private DbSession Session(CancellationToken cancellationToken) =>
        new(connection!, transaction, provider, cancellationToken, ownsConnection: false);
}
