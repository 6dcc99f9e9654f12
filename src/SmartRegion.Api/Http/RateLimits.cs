using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Setup;

namespace SmartRegion.Api.Http;

/// <summary>
/// Request budgets (<c>Api:RateLimits</c>): each credential (API key id, token subject) has
/// <see cref="PermitLimit"/> requests per window, each client address <see cref="AnonymousPermitLimit"/> for calls
/// without valid credentials. Health probes are never limited.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Api:RateLimits";

    /// <summary>False switches rate limiting off (e.g. when a gateway in front of the service limits already).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests per window for one credential.</summary>
    public int PermitLimit { get; set; } = 600;

    /// <summary>Requests per window for one client address without valid credentials.</summary>
    public int AnonymousPermitLimit { get; set; } = 120;

    /// <summary>The length of a window in seconds; a budget is full again when its window ends.</summary>
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// The state of one budget after a request took (or failed to take) its permit: what the draft RateLimit header
/// fields announce.
/// </summary>
public sealed record RateLimitState(string Policy, int Quota, TimeSpan Window, int Remaining, TimeSpan Reset)
{
    /// <summary>Whole seconds until the budget is full again, at least 1 (the fields carry integers).</summary>
    public int ResetSeconds => Math.Max(1, (int)Math.Ceiling(Reset.TotalSeconds));
}

/// <summary>
/// A fixed window of <c>quota</c> permits, starting with the first request of its partition. The built-in
/// <see cref="FixedWindowRateLimiter"/> decides the same way but does not tell when its window ends (its Retry-After is
/// always a whole window), which the <c>RateLimit</c> field's <c>t</c> and <c>Retry-After</c> need; this one does.
/// Partitions come and go through the built-in <see cref="PartitionedRateLimiter"/>: a budget whose window has ended
/// reports itself idle and is dropped (a new one starts full, which is what the ended window means anyway).
/// </summary>
internal sealed class FixedWindowBudget(string policy, int quota, TimeSpan window, TimeProvider time) : RateLimiter
{
    private readonly Lock gate = new();
    private DateTimeOffset windowEnds = DateTimeOffset.MinValue;
    private int remaining;
    private long granted;
    private long refused;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var now = time.GetUtcNow();
                return now >= windowEnds ? now - windowEnds : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = time.GetUtcNow() >= windowEnds ? quota : remaining,
                TotalSuccessfulLeases = granted,
                TotalFailedLeases = refused,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now >= windowEnds)
            {
                windowEnds = now + window;
                remaining = quota;
            }

            var acquired = permitCount == 0 ? remaining > 0 : permitCount <= remaining;
            if (acquired)
            {
                remaining -= permitCount;
                granted++;
            }
            else
            {
                refused++;
            }

            return new BudgetLease(acquired, new RateLimitState(policy, quota, window, remaining, windowEnds - now));
        }
    }

    // Requests never queue: a request over budget is refused at once.
    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class BudgetLease(bool acquired, RateLimitState state) : RateLimitLease
    {
        public override bool IsAcquired { get; } = acquired;

        public override IEnumerable<string> MetadataNames =>
            IsAcquired ? [RequestBudgets.StateMetadata] : [RequestBudgets.StateMetadata, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName switch
            {
                RequestBudgets.StateMetadata => state,
                _ when metadataName == MetadataName.RetryAfter.Name && !IsAcquired => TimeSpan.FromSeconds(state.ResetSeconds),
                _ => null,
            };
            return metadata is not null;
        }
    }
}

/// <summary>
/// The global limiter of the ASP.NET Core rate limiting middleware: a budget per credential, or per client address
/// for calls without valid credentials (the address is the connection's, or the one a configured proxy forwarded;
/// see <see cref="EdgeSetup"/>). Every answer it decides on carries the <c>RateLimit-Policy</c> and <c>RateLimit</c>
/// fields of draft-ietf-httpapi-ratelimit-headers-10, a refusal also <c>Retry-After</c> and a 429 problem.
/// </summary>
public static class RequestBudgets
{
    public const string CredentialPolicy = "credential";
    public const string AddressPolicy = "address";
    public const string PolicyHeader = "RateLimit-Policy";
    public const string StateHeader = "RateLimit";
    internal const string StateMetadata = "SmartRegion.RateLimitState";

    public static PartitionedRateLimiter<HttpContext> Create(RateLimitOptions options, TimeProvider time)
    {
        var window = TimeSpan.FromSeconds(options.WindowSeconds);
        var partitioned = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            // The public caller of a region with publicRead is anonymous: it is counted by address like any call without credentials.
            var (policy, key, quota) = context.User.Identity?.IsAuthenticated == true
                && context.User.FindFirst(System.Security.Claims.ClaimTypes.Role)?.Value != RoleNames.Public
                && context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value is { } subject
                ? (CredentialPolicy, CredentialPolicy + ":" + subject, options.PermitLimit)
                : (AddressPolicy, AddressPolicy + ":" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), options.AnonymousPermitLimit);
            return RateLimitPartition.Get(key, _ => new FixedWindowBudget(policy, quota, window, time));
        });
        return new AnnouncingLimiter(partitioned);
    }

    /// <summary>The 429 answer: a problem response with <c>Retry-After</c>, counted in the service's metrics.</summary>
    public static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var state = rejected.Lease.TryGetMetadata(StateMetadata, out var metadata) ? metadata as RateLimitState : null;
        SmartRegionMetrics.RequestRateLimited(state?.Policy ?? AddressPolicy);
        var retryAfter = state?.ResetSeconds ?? 1;
        context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        var problem = new ProblemResponse
        {
            Type = ProblemTypes.RateLimited,
            Title = "Too many requests",
            Status = StatusCodes.Status429TooManyRequests,
            Detail = Localized.Text(
                $"This {(state?.Policy == CredentialPolicy ? "credential" : "client address")} has used its {state?.Quota} requests of this window; retry after {retryAfter} seconds.",
                $"{(state?.Policy == CredentialPolicy ? "Diese Berechtigung" : "Diese Client-Adresse")} hat ihre {state?.Quota} Anfragen dieses Zeitfensters verbraucht; bitte nach {retryAfter} Sekunden erneut versuchen."),
            TraceId = TraceIds.For(context),
        };
        await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, OpenApiMetadata.ProblemContentType, cancellationToken);
    }

    /// <summary><c>"credential";q=600;w=60</c> (draft-ietf-httpapi-ratelimit-headers-10, section 3).</summary>
    public static string PolicyField(RateLimitState state) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{state.Policy}\";q={state.Quota};w={(int)state.Window.TotalSeconds}");

    /// <summary><c>"credential";r=42;t=17</c> (draft-ietf-httpapi-ratelimit-headers-10, section 4).</summary>
    public static string StateField(RateLimitState state) =>
        string.Create(CultureInfo.InvariantCulture, $"\"{state.Policy}\";r={state.Remaining};t={state.ResetSeconds}");

    /// <summary>
    /// Passes every decision through and writes the budget's fields into the response just before it starts, so they
    /// survive the exception handler clearing the headers of a failed request.
    /// </summary>
    private sealed class AnnouncingLimiter(PartitionedRateLimiter<HttpContext> inner) : PartitionedRateLimiter<HttpContext>
    {
        public override RateLimiterStatistics? GetStatistics(HttpContext resource) => inner.GetStatistics(resource);

        protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
            Announce(resource, inner.AttemptAcquire(resource, permitCount));

        protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
            Announce(resource, await inner.AcquireAsync(resource, permitCount, cancellationToken));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private static RateLimitLease Announce(HttpContext context, RateLimitLease lease)
        {
            if (!lease.TryGetMetadata(StateMetadata, out var metadata) || metadata is not RateLimitState state)
            {
                return lease;
            }

            // The middleware may ask twice (an attempt, then a wait); the latest decision is the one announced.
            var first = !context.Items.ContainsKey(StateMetadata);
            context.Items[StateMetadata] = state;
            if (first)
            {
                context.Response.OnStarting(() =>
                {
                    var latest = (RateLimitState)context.Items[StateMetadata]!;
                    context.Response.Headers[PolicyHeader] = PolicyField(latest);
                    context.Response.Headers[StateHeader] = StateField(latest);
                    return Task.CompletedTask;
                });
            }

            return lease;
        }
    }
}
