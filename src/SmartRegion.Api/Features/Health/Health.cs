using FastEndpoints;
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

/// <summary>Readiness: the database answers and every migration is applied (see <see cref="ReadinessProbe"/>). Public.</summary>
public sealed class ReadyEndpoint(ReadinessProbe probe) : EndpointWithoutRequest<HealthResponse>
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
                .WithDescription("Answers 200 when the database answers and every migration is applied, otherwise 503 with the reason and `Retry-After`; it answers within 1.5 s even when the database hangs (the check runs in the background, one at a time, its result reused for a second): for readiness probes and load balancers, which send traffic only to ready instances.")
                .ReturnsJson<HealthResponse>()
                .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var reason = await probe.CheckAsync(ct);
        if (reason is null)
        {
            await Send.OkAsync(new HealthResponse("healthy"), ct);
            return;
        }

        HttpContext.Response.Headers.RetryAfter = "5";
        await Send.ResponseAsync(new HealthResponse("unhealthy", reason), StatusCodes.Status503ServiceUnavailable, ct);
    }
}
