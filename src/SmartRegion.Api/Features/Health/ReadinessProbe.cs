using SmartRegion.Api.Data;

namespace SmartRegion.Api.Features.Health;

/// <summary>
/// The readiness check, bounded: a probe answers within <see cref="Timeout"/> however long the database takes. The
/// check itself (a connection and a read of the migration journal) runs in the background, one at a time: a probe
/// that arrives while one runs waits for that one (up to <see cref="Timeout"/>) instead of starting another, so a
/// hanging database never piles up threads, and a result is reused for <see cref="Reuse"/>. Once the database answers
/// again the next check sees it, without a restart.
/// </summary>
public sealed class ReadinessProbe(Migrator migrator, TimeProvider time, ILogger<ReadinessProbe> logger)
{
    /// <summary>How long a probe waits for the check; below the 2 s an orchestrator's probe typically allows.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1.5);

    /// <summary>How long a finished check answers further probes (load balancers probe often).</summary>
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private Task<string?>? check;
    private long finishedAt;

    /// <summary>Null when ready; otherwise why not.</summary>
    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        Task<string?> current;
        lock (gate)
        {
            if (check is null || (check.IsCompleted && time.GetElapsedTime(finishedAt) > Reuse))
            {
                check = Task.Run(RunAsync, CancellationToken.None);
            }

            current = check;
        }

        try
        {
            return await current.WaitAsync(Timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return $"The database did not answer within {Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s.";
        }
    }

    private Task<string?> RunAsync()
    {
        string? reason;
        try
        {
            reason = migrator.IsUpToDate() ? null : "Migrations are pending.";
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Readiness check could not reach the database");
            reason = "The database is unreachable.";
        }

        finishedAt = time.GetTimestamp();
        return Task.FromResult(reason);
    }
}
