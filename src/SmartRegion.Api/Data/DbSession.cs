using System.Data.Common;
using Dapper;

namespace SmartRegion.Api.Data;

/// <summary>
/// An open connection, optionally inside a transaction; every statement runs through it. A session that does not own
/// its connection (one lent by a <see cref="DeferredTransaction"/>) neither commits nor closes it.
/// </summary>
public sealed class DbSession(
    DbConnection connection, DbTransaction? transaction, DatabaseProvider provider, CancellationToken cancellationToken, bool ownsConnection = true)
    : IAsyncDisposable
{
    private List<Action>? afterCommit;

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>
    /// Runs <paramref name="action"/> once this session's writes are committed, and never when they roll back: after
    /// its own commit, or, in a session lent by a <see cref="DeferredTransaction"/>, right after that transaction's
    /// commit (before the response leaves the service). For in-memory state that must follow the database, such as
    /// the API key cache.
    /// </summary>
    public void AfterCommit(Action action)
    {
        if (!ownsConnection && DeferredTransaction.Current is { } deferred)
        {
            deferred.AfterCommit(action);
        }
        else if (transaction is null)
        {
            action();
        }
        else
        {
            (afterCommit ??= []).Add(action);
        }
    }

    public Task<IEnumerable<T>> QueryAsync<T>(SqlStatement sql, object? args = null) =>
        TracedAsync(sql, args, connection.QueryAsync<T>);

    public Task<T?> QuerySingleOrDefaultAsync<T>(SqlStatement sql, object? args = null) =>
        TracedAsync(sql, args, connection.QuerySingleOrDefaultAsync<T>);

    public Task<T?> ExecuteScalarAsync<T>(SqlStatement sql, object? args = null) =>
        TracedAsync(sql, args, connection.ExecuteScalarAsync<T>);

    /// <summary>Several result sets in one round trip (e.g. a page of projects with their themes and funding).</summary>
    public Task<SqlMapper.GridReader> QueryMultipleAsync(SqlStatement sql, object? args = null) =>
        TracedAsync(sql, args, connection.QueryMultipleAsync);

    public Task<int> ExecuteAsync(SqlStatement sql, object? args = null) =>
        TracedAsync(sql, args, connection.ExecuteAsync);

    internal async Task CommitAsync()
    {
        if (transaction is not null && ownsConnection)
        {
            await transaction.CommitAsync(cancellationToken);
            foreach (var action in afterCommit ?? [])
            {
                action();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!ownsConnection)
        {
            return;
        }

        if (transaction is not null)
        {
            await transaction.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    /// <summary>Each statement is one span named for it (see <see cref="DbTelemetry"/>).</summary>
    private async Task<TResult> TracedAsync<TResult>(SqlStatement sql, object? args, Func<CommandDefinition, Task<TResult>> run)
    {
        using var activity = DbTelemetry.Start(sql, Provider);
        try
        {
            return await run(Command(sql, args));
        }
        catch (Exception ex)
        {
            DbTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>Every statement passes here, so every null parameter gets its SQL type (see <see cref="TypedParameters"/>).</summary>
    private CommandDefinition Command(SqlStatement sql, object? args) =>
        new(sql.For(Provider), TypedParameters.From(sql.For(Provider), args, Provider), transaction, cancellationToken: cancellationToken);
}
