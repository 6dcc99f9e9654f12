using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Changes;
using SmartRegion.Api.Setup;

namespace SmartRegion.Api.Features.Webhooks;

/// <summary>
/// Delivers the webhook outbox. Every <c>Webhooks:DispatchIntervalSeconds</c> it claims the due deliveries of enabled
/// subscriptions (at most <c>BatchSize</c>), POSTs each signed event and records the outcome. A claim is exclusive:
/// SQL Server takes the rows with <c>UPDLOCK, READPAST</c> (another instance skips them) and writes a lease; SQLite has
/// one writer at a time. The outcome is recorded only by the lease holder, so several instances never make the same
/// attempt twice; an instance that dies mid-attempt leaves a lease that runs out, and the attempt is made again (at
/// least once, as webhooks promise). A failed attempt is retried after 5 s, then 10 s, 20 s … up to 10 h, each wait
/// shortened by up to 20 % at random; 24 h after its event a delivery fails for good; a subscription whose every
/// attempt failed for 24 h is disabled with the reason (all configurable, <see cref="WebhookOptions"/>). Redirects
/// count as failures and are never followed; every connection checks its target's addresses again (<see cref="WebhookTargets"/>).
/// </summary>
public sealed class WebhookDispatcher(
    SmartRegionDb db, Clock clock, IHttpClientFactory httpClients, WebhookTargets targets, IOptions<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
    : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const string Actor = "system:webhook-dispatcher";

    private readonly WebhookOptions settings = options.Value;

    /// <summary>One pass: claims what is due now and makes one attempt per claimed delivery; returns how many it attempted.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var now = clock.Now();
        var owner = Guid.CreateVersion7();
        var claimed = await db.InTransactionAsync(
            async session =>
            {
                await session.ExecuteAsync(Sql.Claim, new { Owner = owner, Now = now, LeaseUntil = now + settings.Lease, Take = settings.BatchSize });
                return (await session.QueryAsync<ClaimedDelivery>(Sql.Claimed, new { Owner = owner })).ToList();
            },
            ct);
        await Parallel.ForEachAsync(
            claimed,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.MaxParallelDeliveries), CancellationToken = ct },
            async (delivery, token) => await RecordAsync(delivery, owner, await AttemptAsync(delivery, token), token));
        return claimed.Count;
    }

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt: doubling from the first delay, capped, with jitter.</summary>
    public static TimeSpan RetryDelay(WebhookOptions settings, int attempts, double random)
    {
        var doubled = settings.FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 40));
        var capped = Math.Min(doubled, settings.MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(capped * (1 - (Math.Clamp(settings.Jitter, 0, 1) * random)));
    }

    /// <summary>The request body: the same bytes on every attempt and re-delivery of the event (the signature covers them).</summary>
    public static string Body(ClaimedDelivery delivery)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", delivery.EventType);
            json.WriteString("timestamp", Format(delivery.OccurredAt));
            json.WriteStartObject("data");
            json.WriteString("eventId", delivery.EventId.ToString("D"));
            json.WriteString("region", delivery.Slug);
            json.WriteString("entityType", delivery.EntityType);
            json.WriteString("entityId", delivery.EntityId);
            json.WriteString("kind", delivery.Kind);
            if (delivery.Version is { } version)
            {
                json.WriteNumber("version", version);
            }
            else
            {
                json.WriteNull("version");
            }

            json.WriteString("actor", delivery.Actor);
            json.WriteString("occurredAt", Format(delivery.OccurredAt));
            json.WriteString("url", ListChangesEndpoint.UrlOf(delivery.Slug, delivery.EntityType, delivery.EntityId));
            json.WritePropertyName("details");
            if (delivery.Details is { } details)
            {
                using var parsed = JsonDocument.Parse(details);
                parsed.RootElement.WriteTo(json);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.DispatchIntervalSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.DispatchIntervalSeconds));
        do
        {
            try
            {
                // A full batch suggests more are due: go on at once (bounded, so one pass never runs forever).
                for (var pass = 0; pass < 50 && await DispatchOnceAsync(stoppingToken) >= settings.BatchSize; pass++)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next pass tries again (for example once the database is reachable).
                logger.LogWarning(ex, "Delivering webhooks failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Outcome> AttemptAsync(ClaimedDelivery delivery, CancellationToken ct)
    {
        if (targets.ShapeRefusal(delivery.Url) is { } refusal)
        {
            return Outcome.Failed(null, 0, refusal, "refused_target");
        }

        var body = Body(delivery);
        var messageId = delivery.EventId.ToString("D");
        var timestamp = clock.Now().ToUnixTimeSeconds();
        var previous = delivery.PreviousSecret is not null && delivery.PreviousSecretExpiresAt > clock.Now() ? delivery.PreviousSecret : null;
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigning.Header(delivery.Secret, previous, messageId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("SmartRegion-Webhooks/1");
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var ms = Elapsed(started);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Outcome(true, status, ms, null, null);
            }

            return status is >= 300 and < 400
                ? Outcome.Failed(status, ms, $"HTTP {status}: redirects are not followed (Location: {response.Headers.Location})", "redirect")
                : Outcome.Failed(status, ms, $"HTTP {status} {response.ReasonPhrase}".TrimEnd(), "http_status");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return Outcome.Failed(null, Elapsed(started), $"No answer within {settings.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", "timeout");
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            return Outcome.Failed(null, Elapsed(started), refused.Message, "refused_target");
        }
        catch (HttpRequestException ex)
        {
            return Outcome.Failed(null, Elapsed(started), Truncate(ex.Message), "network");
        }
    }

    private async Task RecordAsync(ClaimedDelivery delivery, Guid owner, Outcome outcome, CancellationToken ct)
    {
        var now = clock.Now();
        SmartRegionMetrics.WebhookAttempted(delivery.EventType, outcome.Succeeded, outcome.FailureKind);
        if (outcome.Succeeded)
        {
            await db.InTransactionAsync(
                async session =>
                {
                    if (await session.ExecuteAsync(Sql.Succeeded, new { delivery.Id, Owner = owner, StatusCode = outcome.StatusCode, ResponseMs = outcome.ResponseMs, Now = now }) > 0)
                    {
                        await session.ExecuteAsync(Sql.SubscriptionSucceeded, new { Id = delivery.SubscriptionId });
                    }
                },
                ct);
            return;
        }

        var deadline = delivery.CreatedAt + settings.GiveUpAfter;
        var final = now >= deadline;
        var next = final ? (DateTimeOffset?)null : Truncated(Min(now + RetryDelay(settings, delivery.Attempts, Random.Shared.NextDouble()), deadline));
        var disabled = await db.InTransactionAsync(
            async session =>
            {
                if (await session.ExecuteAsync(Sql.Failed, new
                    {
                        delivery.Id, Owner = owner, State = final ? "failed" : "pending", NextAttemptAt = next, StatusCode = outcome.StatusCode,
                        ResponseMs = outcome.ResponseMs, Error = outcome.Error, CompletedAt = final ? now : (DateTimeOffset?)null,
                    }) == 0)
                {
                    return false;
                }

                await session.ExecuteAsync(Sql.SubscriptionFailed, new { Id = delivery.SubscriptionId, Now = now });
                var reason = string.Create(CultureInfo.InvariantCulture,
                    $"Disabled by the dispatcher: every delivery attempt failed for {settings.DisableAfterFailingFor.TotalHours:0.##} h (last: {outcome.Error}). Fix the receiver, then enable the subscription again.");
                if (await session.ExecuteAsync(Sql.Disable, new
                    {
                        Id = delivery.SubscriptionId, Now = now, Threshold = now - settings.DisableAfterFailingFor, Reason = Truncate(reason),
                    }) == 0)
                {
                    return false;
                }

                var version = await session.ExecuteScalarAsync<int>(Sql.SubscriptionVersion, new { Id = delivery.SubscriptionId });
                await ChangeLog.RecordAsync(session, new ChangeEntry(delivery.RegionId, WebhookAccess.EntityType, delivery.SubscriptionId.ToString("D"), "disabled", Actor, now,
                    new { reason }, version));
                return true;
            },
            ct);
        if (final)
        {
            SmartRegionMetrics.WebhookGaveUp(delivery.EventType);
        }

        if (disabled)
        {
            logger.LogWarning("Webhook subscription {Subscription} disabled after failing for {Hours} h", delivery.SubscriptionId, settings.DisableAfterFailingFor.TotalHours);
        }
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Truncated(DateTimeOffset value) => new(value.Ticks - (value.Ticks % 10), TimeSpan.Zero);

    private static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string text) => text.Length <= 1000 ? text : text[..1000];

    private sealed record Outcome(bool Succeeded, int? StatusCode, int ResponseMs, string? Error, string? FailureKind)
    {
        public static Outcome Failed(int? statusCode, int ms, string error, string kind) => new(false, statusCode, ms, error, kind);
    }

    /// <summary>A delivery this instance holds the lease of, with its subscription's target and secrets and its event.</summary>
    public sealed record ClaimedDelivery
    {
        public Guid Id { get; init; }

        public Guid SubscriptionId { get; init; }

        public Guid EventId { get; init; }

        public int Attempts { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public Guid RegionId { get; init; }

        public string Slug { get; init; } = string.Empty;

        public string Url { get; init; } = string.Empty;

        public string Secret { get; init; } = string.Empty;

        public string? PreviousSecret { get; init; }

        public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

        public string EventType { get; init; } = string.Empty;

        public string EntityType { get; init; } = string.Empty;

        public string EntityId { get; init; } = string.Empty;

        public string Kind { get; init; } = string.Empty;

        public int? Version { get; init; }

        public string Actor { get; init; } = string.Empty;

        public DateTimeOffset OccurredAt { get; init; }

        public string? Details { get; init; }
    }

    internal static class Sql
    {
        /// <summary>
        /// Takes the due deliveries of enabled subscriptions, earliest first, and leases them to this pass. SQL Server:
        /// UPDLOCK keeps the rows from a second claimant until this transaction commits, READPAST lets that claimant
        /// take the next rows instead of waiting; once committed, the lease keeps them out of every other claim.
        /// </summary>
        public static readonly SqlStatement Claim = SqlStatement.PerDialect(
            sqlite: """
                UPDATE WebhookDeliveries
                SET LeaseOwner = @Owner, LeaseUntil = @LeaseUntil, Attempts = Attempts + 1
                WHERE Id IN (
                    SELECT d.Id
                    FROM WebhookDeliveries d
                    JOIN WebhookSubscriptions s ON s.Id = d.SubscriptionId
                    WHERE d.State = 'pending' AND d.NextAttemptAt <= @Now AND (d.LeaseUntil IS NULL OR d.LeaseUntil <= @Now) AND s.Enabled = 1
                    ORDER BY d.NextAttemptAt
                    LIMIT @Take)
                """,
            sqlServer: """
                WITH due AS (
                    SELECT TOP (@Take) d.LeaseOwner, d.LeaseUntil, d.Attempts
                    FROM WebhookDeliveries d WITH (UPDLOCK, READPAST, ROWLOCK)
                    WHERE d.State = N'pending' AND d.NextAttemptAt <= @Now AND (d.LeaseUntil IS NULL OR d.LeaseUntil <= @Now)
                      AND EXISTS (SELECT 1 FROM WebhookSubscriptions s WHERE s.Id = d.SubscriptionId AND s.Enabled = 1)
                    ORDER BY d.NextAttemptAt)
                UPDATE due SET LeaseOwner = @Owner, LeaseUntil = @LeaseUntil, Attempts = Attempts + 1;
                """);

        public static readonly SqlStatement Claimed = SqlStatement.Shared("""
            SELECT d.Id, d.SubscriptionId, d.EventId, d.Attempts, d.CreatedAt, s.RegionId, r.Slug, s.Url, s.Secret, s.PreviousSecret,
                s.PreviousSecretExpiresAt, e.EventType, e.EntityType, e.EntityId, e.Kind, e.Version, e.Actor, e.OccurredAt, e.Details
            FROM WebhookDeliveries d
            JOIN WebhookSubscriptions s ON s.Id = d.SubscriptionId
            JOIN WebhookEvents e ON e.Id = d.EventId
            JOIN Regions r ON r.Id = s.RegionId
            WHERE d.LeaseOwner = @Owner
            """);

        public static readonly SqlStatement Succeeded = SqlStatement.Shared("""
            UPDATE WebhookDeliveries
            SET State = 'succeeded', NextAttemptAt = NULL, LeaseOwner = NULL, LeaseUntil = NULL, LastStatusCode = @StatusCode,
                LastResponseMs = @ResponseMs, LastError = NULL, CompletedAt = @Now
            WHERE Id = @Id AND LeaseOwner = @Owner
            """);

        public static readonly SqlStatement Failed = SqlStatement.Shared("""
            UPDATE WebhookDeliveries
            SET State = @State, NextAttemptAt = @NextAttemptAt, LeaseOwner = NULL, LeaseUntil = NULL, LastStatusCode = @StatusCode,
                LastResponseMs = @ResponseMs, LastError = @Error, CompletedAt = @CompletedAt
            WHERE Id = @Id AND LeaseOwner = @Owner
            """);

        public static readonly SqlStatement SubscriptionSucceeded = SqlStatement.Shared(
            "UPDATE WebhookSubscriptions SET FailingSince = NULL WHERE Id = @Id AND FailingSince IS NOT NULL");

        public static readonly SqlStatement SubscriptionFailed = SqlStatement.Shared(
            "UPDATE WebhookSubscriptions SET FailingSince = @Now WHERE Id = @Id AND FailingSince IS NULL");

        public static readonly SqlStatement Disable = SqlStatement.Shared("""
            UPDATE WebhookSubscriptions
            SET Enabled = 0, DisabledReason = @Reason, DisabledAt = @Now, Version = Version + 1, UpdatedAt = @Now
            WHERE Id = @Id AND Enabled = 1 AND FailingSince <= @Threshold
            """);

        public static readonly SqlStatement SubscriptionVersion = SqlStatement.Shared(
            "SELECT Version FROM WebhookSubscriptions WHERE Id = @Id");
    }
}
