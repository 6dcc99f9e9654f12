using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>Settings of <see cref="CirculationDeadlineCloser"/> (section <c>Circulations</c>).</summary>
public sealed class CirculationOptions
{
    public const string Section = "Circulations";

    /// <summary>Seconds between passes over due circulations; 0 switches the background closing off (tests do).</summary>
    public int CloseDueIntervalSeconds { get; set; } = 60;
}

/// <summary>
/// Closes due circulations without waiting for a write: every <c>Circulations:CloseDueIntervalSeconds</c> it closes
/// each open circulation past its deadline (or with every seat voted) through <see cref="CirculationClosing"/>, under
/// <c>system:circulation-deadline</c>. Safe with several instances: each close is guarded by <c>State = 'open'</c>,
/// so an instance that comes second finds the circulation closed and moves on.
/// </summary>
public sealed class CirculationDeadlineCloser(SmartRegionDb db, Clock clock, IOptions<CirculationOptions> options, ILogger<CirculationDeadlineCloser> logger)
    : BackgroundService
{
    /// <summary>One pass: closes what is due now; returns how many circulations this pass closed.</summary>
    public async Task<int> CloseDueOnceAsync(CancellationToken ct)
    {
        var now = clock.Now();
        List<DueRow> due;
        await using (var session = await db.OpenAsync(ct))
        {
            due = (await session.QueryAsync<DueRow>(CirculationsSql.DueIds, new { CheckedAt = now })).ToList();
        }

        var closed = 0;
        foreach (var circulation in due)
        {
            if (await CirculationClosing.CloseIfDueAsync(db, circulation.RegionId, circulation.Id, CirculationClosing.DeadlineActor, now, ct))
            {
                closed++;
            }
        }

        return closed;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.CloseDueIntervalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds));
        do
        {
            try
            {
                var closed = await CloseDueOnceAsync(stoppingToken);
                if (closed > 0)
                {
                    logger.LogInformation("Closed {Count} due circulation(s)", closed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next pass tries again (for example once the database is reachable).
                logger.LogWarning(ex, "Closing due circulations failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private sealed record DueRow
    {
        public Guid RegionId { get; init; }

        public Guid Id { get; init; }
    }
}
