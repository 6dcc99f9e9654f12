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
    public DatabaseProvider Provider { get; } = provider;

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
