using System.Diagnostics.Metrics;

namespace SmartRegion.Api.Setup;

/// <summary>
/// The service's domain metrics, Meter <c>SmartRegion</c>, exported with the other metrics when OTLP is configured.
/// A static meter, because the code that counts (decision recording, the idempotency middleware) is static or
/// middleware too; instruments are cheap no-ops while nobody listens.
/// </summary>
public static class SmartRegionMetrics
{
    public const string MeterName = "SmartRegion";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> DecisionsRecorded = Meter.CreateCounter<long>(
        "smartregion.decisions.recorded", unit: "{decision}", description: "Lenkungskreis decisions written, by type, result and how they were taken (meeting or circulation).");

    private static readonly Counter<long> IdempotentReplays = Meter.CreateCounter<long>(
        "smartregion.idempotency.replays", unit: "{response}", description: "POST requests answered with the stored first response of their Idempotency-Key (Idempotent-Replayed: true).");

    private static readonly Counter<long> RateLimitedRequests = Meter.CreateCounter<long>(
        "smartregion.ratelimit.rejected", unit: "{request}", description: "Requests refused with 429 because their credential or client address had used its budget, by policy (credential or address).");

    private static readonly Counter<long> WebhookDeliveries = Meter.CreateCounter<long>(
        "smartregion.webhooks.deliveries", unit: "{attempt}", description: "Webhook delivery attempts, by event type and outcome (succeeded or failed).");

    private static readonly Counter<long> WebhookFailures = Meter.CreateCounter<long>(
        "smartregion.webhooks.failures", unit: "{attempt}", description: "Failed webhook delivery attempts, by event type and why (http_status, timeout, network, redirect, refused_target).");

    private static readonly Counter<long> WebhookGiveUps = Meter.CreateCounter<long>(
        "smartregion.webhooks.given_up", unit: "{delivery}", description: "Webhook deliveries that failed for good (not accepted within Webhooks:GiveUpAfter).");

    private static readonly Counter<long> ReadCacheLookups = Meter.CreateCounter<long>(
        "smartregion.read_cache.lookups", unit: "{lookup}", description: "Lookups in the read cache (SQLite), by outcome (hit or miss); a miss reads the database.");

    /// <summary>
    /// Counted when the decision row is written inside its transaction: a transaction rolled back after that (a later
    /// failure of the same request) has still been counted.
    /// </summary>
    public static void DecisionRecorded(string type, string result, bool byCirculation) =>
        DecisionsRecorded.Add(
            1,
            new KeyValuePair<string, object?>("decision.type", type),
            new KeyValuePair<string, object?>("decision.result", result),
            new KeyValuePair<string, object?>("decision.taken_by", byCirculation ? "circulation" : "meeting"));

    public static void IdempotentReplay(int statusCode) =>
        IdempotentReplays.Add(1, new KeyValuePair<string, object?>("http.response.status_code", statusCode));

    public static void RequestRateLimited(string policy) =>
        RateLimitedRequests.Add(1, new KeyValuePair<string, object?>("ratelimit.policy", policy));

    /// <summary>One delivery attempt of the webhook dispatcher; a failed one counts as a failure too, with its kind.</summary>
    public static void WebhookAttempted(string eventType, bool succeeded, string? failureKind)
    {
        var type = new KeyValuePair<string, object?>("webhook.event_type", eventType);
        WebhookDeliveries.Add(1, type, new KeyValuePair<string, object?>("webhook.outcome", succeeded ? "succeeded" : "failed"));
        if (!succeeded)
        {
            WebhookFailures.Add(1, type, new KeyValuePair<string, object?>("webhook.failure", failureKind));
        }
    }

    public static void WebhookGaveUp(string eventType) =>
        WebhookGiveUps.Add(1, new KeyValuePair<string, object?>("webhook.event_type", eventType));

    public static void ReadCacheLookup(bool hit) =>
        ReadCacheLookups.Add(1, new KeyValuePair<string, object?>("read_cache.outcome", hit ? "hit" : "miss"));
}
