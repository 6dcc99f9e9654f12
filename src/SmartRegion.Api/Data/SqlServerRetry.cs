using Microsoft.Data.SqlClient;

namespace SmartRegion.Api.Data;

/// <summary>Settings of the <c>Database:SqlServerRetry</c> section (see <see cref="SqlServerRetry"/>).</summary>
public sealed class SqlServerRetryOptions
{
    /// <summary>Attempts to open a connection, the first included; 1 turns retrying off.</summary>
    public int NumberOfTries { get; set; } = 4;

    /// <summary>The first pause; each further one roughly doubles (exponential back-off with jitter).</summary>
    public TimeSpan DeltaTime { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>No pause is longer than this.</summary>
    public TimeSpan MaxTimeInterval { get; set; } = TimeSpan.FromSeconds(4);
}

/// <summary>
/// SqlClient's configurable retry logic (<see cref="SqlConfigurableRetryFactory"/>) for opening SQL Server connections:
/// a failover, a database that is being restored or an Azure SQL instance that is busy answers a connection attempt
/// with a transient error that a second attempt a moment later no longer sees. Only opening is retried, never a
/// command: a statement inside a transaction cannot be repeated on its own once its connection broke (the whole
/// transaction is gone). Transactions are repeated as a whole after a deadlock (<see cref="SmartRegionDb"/>); any
/// other transient failure of a command answers 503 with <c>Retry-After</c>, and the client's retry with its
/// <c>Idempotency-Key</c> runs the request again exactly once.
/// </summary>
public static class SqlServerRetry
{
    /// <summary>
    /// Errors worth another attempt to connect: the connection-level ones of <see cref="DbErrors.ClassifySqlServer"/>
    /// (network, login refused while the database starts, Azure SQL busy or failing over), without command timeouts.
    /// </summary>
    public static readonly IReadOnlyList<int> TransientErrors =
        [-1, 2, 53, 121, 233, 10053, 10054, 10060, 10061, 4060, 18456, 40197, 40501, 40613, 49918, 49919, 49920, 10928, 10929];

    public static SqlRetryLogicBaseProvider Create(SqlServerRetryOptions options) =>
        options.NumberOfTries <= 1
            ? SqlConfigurableRetryFactory.CreateNoneRetryProvider()
            : SqlConfigurableRetryFactory.CreateExponentialRetryProvider(new SqlRetryLogicOption
            {
                NumberOfTries = options.NumberOfTries,
                DeltaTime = options.DeltaTime,
                MaxTimeInterval = options.MaxTimeInterval,
                TransientErrors = TransientErrors,
            });
}
