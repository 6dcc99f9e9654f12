using FastEndpoints;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Health;

/// <summary>The state a health probe reports: <c>healthy</c> or <c>unhealthy</c> with a reason.</summary>
public sealed record HealthResponse(string Status, string? Reason = null);

/// <summary>Liveness: the process is up and answers HTTP. Public.</summary>
public sealed class LiveEndpoint : EndpointWithoutRequest<HealthResponse>
{
    public const string Route = "/health/live";

    public override void Configure()
    {
        Get(Route);
        AllowAnonymous();
        // Probes come often and from the orchestrator, and must never be turned away for a budget.
        Options(b => b.DisableRateLimiting());
        Description(
            b => b.WithName("getLiveness").WithSummary("Liveness probe").WithTags("Health")
                .WithDescription("Answers 200 while the process is up and serves HTTP, without asking the database: for the orchestrator's liveness probe, which restarts an instance that stops answering.")
                .ReturnsJson<HealthResponse>(),
            clearDefaults: true);
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new HealthResponse("healthy"), ct);
}

/// <summary>Readiness: the database answers and every migration is applied. Public.</summary>
public sealed class ReadyEndpoint(Migrator migrator, ILogger<ReadyEndpoint> logger) : EndpointWithoutRequest<HealthResponse>
{
    public const string Route = "/health/ready";

    public override void Configure()
    {
        Get(Route);
        AllowAnonymous();
        // Probes come often and from the orchestrator, and must never be turned away for a budget.
        Options(b => b.DisableRateLimiting());
        Description(
            b => b.WithName("getReadiness").WithSummary("Readiness probe").WithTags("Health")
                .WithDescription("Answers 200 when the database answers and every migration is applied, otherwise 503 with the reason and `Retry-After`: for readiness probes and load balancers, which send traffic only to ready instances.")
                .ReturnsJson<HealthResponse>()
                .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        string? reason;
        try
        {
            reason = migrator.IsUpToDate() ? null : "Migrations are pending.";
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(ex, "Readiness check could not reach the database");
            reason = "The database is unreachable.";
        }

        if (reason is null)
        {
            await Send.OkAsync(new HealthResponse("healthy"), ct);
            return;
        }

        HttpContext.Response.Headers.RetryAfter = "5";
        await Send.ResponseAsync(new HealthResponse("unhealthy", reason), StatusCodes.Status503ServiceUnavailable, ct);
    }
}
