namespace SmartRegion.Api.Features.Webhooks;

/// <summary>Settings of webhook subscriptions and of the <see cref="WebhookDispatcher"/> (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Seconds between the dispatcher's passes over due deliveries; 0 switches background delivery off (tests do).</summary>
    public int DispatchIntervalSeconds { get; set; } = 5;

    /// <summary>Deliveries one instance claims per pass.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Deliveries one instance sends at the same time.</summary>
    public int MaxParallelDeliveries { get; set; } = 4;

    /// <summary>How long a receiver may take to answer; a slower answer is a failed attempt.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the second attempt; each later wait doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(10);

    /// <summary>Each wait is shortened by a random part of up to this fraction, so receivers that failed together are not retried together.</summary>
    public double Jitter { get; set; } = 0.2;

    /// <summary>A delivery not accepted this long after its event fails for good.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A subscription whose every attempt failed for this long is disabled (and says why).</summary>
    public TimeSpan DisableAfterFailingFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>After a secret rotation, how long the old secret still signs beside the new one.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Allows loopback targets (127.0.0.0/8, ::1, localhost), also over plain http; for development and tests only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>
    /// Allows targets in private, shared and link-local ranges (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16,
    /// fc00::/7, fe80::/10), for receivers inside the operator's own network. Still https only.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long a claimed delivery stays the claimant's: the timeout and a margin for recording the outcome.</summary>
    public TimeSpan Lease => Timeout + Timeout + TimeSpan.FromSeconds(30);
}
