using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Circulations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.StatusReports;
using SmartRegion.Api.Features.Webhooks;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Webhooks;

[Collection(SqliteCollection.Name)]
public sealed class WebhooksTestsOnSqlite(SqliteApp app) : WebhooksTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class WebhooksTestsOnSqlServer(SqlServerApp app) : WebhooksTests(app);

/// <summary>
/// Webhooks as a receiver meets them: Standard Webhooks requests from the outbox, verified with the StandardWebhooks
/// library by a receiver on 127.0.0.1 that fails and times out on purpose; retries, rotation, disabling, SSRF refusals
/// and two dispatchers on one database.
/// </summary>
public abstract class WebhooksTests
{
    private readonly SmartRegionApp app;

    protected WebhooksTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_webhook_that_fails_twice_arrives_on_the_third_try_with_a_valid_signature_and_the_same_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = WebhookHost.Start(app);
        var region = await app.NewRegionAsync();
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        using var metrics = new WebhookMetrics();
        var created = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.ProjectCreated);
        Assert.StartsWith("whsec_", created.Secret, StringComparison.Ordinal);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", await ProjectApi.FieldOfActionAsync(coordinator, region)));
        receiver.AnswerNext(ReceiverAnswer.Fail500, ReceiverAnswer.TimeOut, ReceiverAnswer.Ok);

        await host.DrainAsync();
        var first = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, created.Id));
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        await host.DrainAsync();
        var second = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, created.Id));
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        await host.DrainAsync();
        var third = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, created.Id));

        Assert.Equal((WebhookDeliveryState.Pending, 1, (int?)500), (first.State, first.Attempts, first.LastStatusCode));
        Assert.InRange(first.NextAttemptAt!.Value - host.Clock.GetUtcNow().AddSeconds(-15), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));
        Assert.Equal((WebhookDeliveryState.Pending, 2, (int?)null), (second.State, second.Attempts, second.LastStatusCode));
        Assert.StartsWith("No answer within 1 s", second.LastError, StringComparison.Ordinal);
        Assert.Equal((WebhookDeliveryState.Succeeded, 3, (int?)204, (string?)null), (third.State, third.Attempts, third.LastStatusCode, third.LastError));
        Assert.NotNull(third.LastResponseMs);
        var attempts = receiver.For(third.EventId.ToString("D"));
        Assert.Equal([ReceiverAnswer.Fail500, ReceiverAnswer.TimeOut, ReceiverAnswer.Ok], attempts.Select(a => a.Answer));
        Assert.All(attempts, attempt => Assert.True(attempt.VerifiesWith(created.Secret), "the signature verifies with the subscription's secret"));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
        using var body = JsonDocument.Parse(attempts[^1].Body);
        Assert.Equal("project.created", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(project.Id.ToString("D"), body.RootElement.GetProperty("data").GetProperty("entityId").GetString());
        Assert.Equal(GetProjectRequest.BuildRoute(region.Slug, project.Id), body.RootElement.GetProperty("data").GetProperty("url").GetString());
        Assert.False(attempts[^1].VerifiesWith(WebhookSigning.NewSecret()), "another secret does not verify");
        Assert.True(metrics.Delivered("project.created", "succeeded") >= 1);
        Assert.True(metrics.Failed("project.created", "http_status") >= 1);
        Assert.True(metrics.Failed("project.created", "timeout") >= 1);
        await DeleteAsync(coordinator, region.Slug, created.Id);
    }

    [Fact]
    public async Task Every_event_type_reaches_a_members_subscription_including_changes_it_did_not_make()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = WebhookHost.Start(app);
        var region = await app.NewRegionAsync();
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        var (ahlen, beckum) = (region.Ags("004"), region.Ags("008"));
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ahlen, "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, beckum, "Stadt Beckum");
        var member = host.WithKey(await region.KeyAsync(RoleNames.Member, ahlen));
        var created = await SubscribeAsync(member, region.Slug, receiver.Url, WebhookEventTypes.All);
        Assert.Equal(ahlen, created.OwnerAgs);

        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", await ProjectApi.FieldOfActionAsync(coordinator, region)));
        var proposed = await coordinator.SendJsonAsync(HttpMethod.Post, TransitionProjectRequest.BuildRoute(region.Slug, project.Id),
            new TransitionProjectRequest { To = ProjectStatus.Proposed }, project.ETag());
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, beckum, ParticipationRole.Partner);
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK-2025/1", host.Clock.GetUtcNow().AddDays(7));
        var opened = await (await coordinator.PostJsonAsync(OpenCirculationRequest.BuildRoute(region.Slug), new OpenCirculationRequest
        {
            Reference = "UV-2025/1", Title = "Umlaufbeschluss", Text = "Die Mitglieder stimmen ab.", Type = DecisionType.General,
            Deadline = host.Clock.GetUtcNow().AddHours(1),
        })).ReadAsync<CirculationResponse>(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PostCommandAsync(CloseCirculationRequest.BuildRoute(region.Slug, opened.Id), opened.ETag())).StatusCode);
        var running = await new ProjectBuilder(region).InStatus(ProjectStatus.InImplementation).BuildAsync();
        var report = await coordinator.PostJsonAsync(CreateStatusReportRequest.BuildRoute(region.Slug, running.Id), new CreateStatusReportRequest
        {
            ReportingDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), TrafficLight = TrafficLight.Green, ProgressPercent = 10, Summary = "Beispiel: Start.",
        });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        await host.DrainAsync();

        Assert.Equal(WebhookEventTypes.All.Order(), receiver.Received.Select(r => r.EventType).Distinct().Order());
        Assert.All(receiver.Received, request => Assert.True(request.VerifiesWith(created.Secret), $"{request.EventType} verifies"));
        Assert.Equal(receiver.Received.Count, receiver.Received.Select(r => r.Id).Distinct().Count());
        Assert.All(await DeliveriesAsync(member, region.Slug, created.Id), d => Assert.Equal((WebhookDeliveryState.Succeeded, 1), (d.State, d.Attempts)));
        await DeleteAsync(member, region.Slug, created.Id);
    }

    [Fact]
    public async Task During_the_overlap_after_a_rotation_both_secrets_verify_and_afterwards_only_the_new_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = WebhookHost.Start(app, ("Webhooks:SecretOverlap", "00:01:00"));
        var region = await app.NewRegionAsync();
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        var created = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.MeetingChanged);
        var route = RotateWebhookSecretRequest.BuildRoute(region.Slug, created.Id);

        await (await coordinator.PostCommandAsync(route, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var rotatedResponse = await coordinator.PostCommandAsync(route, created.ETag());
        var rotated = await rotatedResponse.ReadAsync<WebhookSecretResponse>();
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK-2025/1", host.Clock.GetUtcNow().AddDays(7));
        await host.DrainAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        await MeetingApi.CreateAsync(coordinator, region.Slug, "LK-2025/2", host.Clock.GetUtcNow().AddDays(7));
        await host.DrainAsync();

        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Equal((2, "\"2\""), (rotated.Version, rotatedResponse.ETag()));
        Assert.InRange(rotated.PreviousSecretExpiresAt!.Value - host.Clock.GetUtcNow().AddMinutes(-1), TimeSpan.FromTicks(-10), TimeSpan.Zero);
        var (during, after) = (receiver.Received[0], receiver.Received[1]);
        Assert.Equal(2, during.Signature.Split(' ').Length);
        Assert.True(during.VerifiesWith(rotated.Secret) && during.VerifiesWith(created.Secret), "both secrets verify during the overlap");
        Assert.Single(after.Signature.Split(' '));
        Assert.True(after.VerifiesWith(rotated.Secret), "the new secret verifies after the overlap");
        Assert.False(after.VerifiesWith(created.Secret), "the old secret no longer verifies after the overlap");
        var stored = await (await coordinator.GetAsync(GetWebhookSubscriptionRequest.BuildRoute(region.Slug, created.Id))).ReadAsync<WebhookSubscriptionResponse>();
        Assert.Null(stored.PreviousSecretExpiresAt);
        await DeleteAsync(coordinator, region.Slug, created.Id);
    }

    [Fact]
    public async Task Targets_that_could_reach_internal_systems_are_refused_and_nothing_is_stored()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        string[] refused =
        [
            "http://example.org/hook", "ftp://example.org/hook", "hook", "https://10.1.2.3/hook", "https://172.16.0.1/hook", "https://192.168.1.1/hook",
            "https://169.254.169.254/latest/meta-data", "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://[fd00::1]/hook", "https://[fe80::1]/hook",
            "https://[::ffff:192.168.0.1]/hook", "https://224.0.0.1/hook", "https://user:secret@example.org/hook",
        ];

        foreach (var url in refused)
        {
            var problem = await (await coordinator.PostJsonAsync(CreateWebhookSubscriptionRequest.BuildRoute(region.Slug), Body(url, WebhookEventTypes.ProjectCreated)))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors!.ContainsKey("url"), url);
        }

        using var german = new HttpRequestMessage(HttpMethod.Post, CreateWebhookSubscriptionRequest.BuildRoute(region.Slug))
        {
            Content = JsonContent(Body("https://10.0.0.7/hook", WebhookEventTypes.ProjectCreated)),
        };
        german.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));
        var germanProblem = await (await coordinator.SendAsync(german)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("privaten oder link-lokalen Netz", germanProblem.Errors!["url"].Single(), StringComparison.Ordinal);
        Assert.Empty((await (await coordinator.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug))).ReadAsync<Page<WebhookSubscriptionResponse>>()).Items);

        // Where the operator does not allow loopback, loopback is refused by address too, whatever the name.
        await using var strict = WebhookHost.Start(app, ("Webhooks:AllowLoopback", "false"));
        var strictCoordinator = strict.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        foreach (var url in new[] { "http://127.0.0.1:8080/hook", "https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook" })
        {
            var problem = await (await strictCoordinator.PostJsonAsync(CreateWebhookSubscriptionRequest.BuildRoute(region.Slug), Body(url, WebhookEventTypes.ProjectCreated)))
                .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.Errors!.ContainsKey("url"), url);
        }

        Assert.Empty((await (await coordinator.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug))).ReadAsync<Page<WebhookSubscriptionResponse>>()).Items);
    }

    [Fact]
    public async Task The_target_is_checked_again_at_delivery_and_redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var https = receiver.Url.Replace("http://", "https://", StringComparison.Ordinal);
        var plain = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.ProjectCreated);
        var secure = await SubscribeAsync(coordinator, region.Slug, https, WebhookEventTypes.ProjectCreated);
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-03", await ProjectApi.FieldOfActionAsync(coordinator, region)));

        // An instance whose configuration no longer allows loopback: http is refused before connecting, and the https
        // target's address is refused when the connection is opened, so the receiver sees nothing.
        await using (var strict = WebhookHost.Start(app, ("Webhooks:AllowLoopback", "false")))
        {
            await strict.DrainAsync();
        }

        var plainLog = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, plain.Id));
        var secureLog = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, secure.Id));
        Assert.Empty(receiver.Received);
        Assert.Equal((1, (int?)null), (plainLog.Attempts, plainLog.LastStatusCode));
        Assert.Contains("must use https", plainLog.LastError, StringComparison.Ordinal);
        Assert.Equal((1, (int?)null), (secureLog.Attempts, secureLog.LastStatusCode));
        Assert.Contains("loopback address 127.0.0.1", secureLog.LastError, StringComparison.Ordinal);
        await DeleteAsync(coordinator, region.Slug, secure.Id);

        await using var host = WebhookHost.Start(app);
        host.Clock.Advance(TimeSpan.FromSeconds(5));
        receiver.AnswerNext(ReceiverAnswer.Redirect);
        await host.DrainAsync();
        var redirected = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, plain.Id));
        Assert.Equal((2, (int?)302, WebhookDeliveryState.Pending), (redirected.Attempts, redirected.LastStatusCode, redirected.State));
        Assert.Contains("redirects are not followed", redirected.LastError, StringComparison.Ordinal);
        Assert.Single(receiver.Received);
        await DeleteAsync(coordinator, region.Slug, plain.Id);
    }

    [Fact]
    public async Task A_disabled_subscription_receives_nothing_and_holds_its_pending_deliveries_until_enabled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = WebhookHost.Start(app);
        var region = await app.NewRegionAsync();
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        var created = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.ProjectCreated);
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-04", field));
        var route = UpdateWebhookSubscriptionRequest.BuildRoute(region.Slug, created.Id);

        await (await coordinator.SendJsonAsync(HttpMethod.Patch, route, new { enabled = false }, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.PreconditionRequired);
        var disabled = await (await coordinator.SendJsonAsync(HttpMethod.Patch, route, new { enabled = false }, created.ETag())).ReadAsync<WebhookSubscriptionResponse>();
        await (await coordinator.SendJsonAsync(HttpMethod.Patch, route, new { enabled = true }, created.ETag())).ShouldBeProblemAsync(HttpStatusCode.PreconditionFailed);
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-05", field));
        await host.DrainAsync();
        var whileDisabled = receiver.Received.Count;
        var held = await DeliveriesAsync(coordinator, region.Slug, created.Id);
        var enabled = await (await coordinator.SendJsonAsync(HttpMethod.Patch, route, new { enabled = true }, disabled.ETag())).ReadAsync<WebhookSubscriptionResponse>();
        await host.DrainAsync();

        Assert.Equal((false, 2), (disabled.Enabled, disabled.Version));
        Assert.StartsWith("Disabled by apikey:", disabled.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(0, whileDisabled);
        Assert.Equal([(WebhookDeliveryState.Pending, 0)], held.Select(d => (d.State, d.Attempts)));
        Assert.Equal((true, (string?)null, 3), (enabled.Enabled, enabled.DisabledReason, enabled.Version));
        var delivered = Assert.Single(receiver.Received);
        Assert.Equal(held[0].EventId.ToString("D"), delivered.Id);
        await DeleteAsync(coordinator, region.Slug, created.Id);
    }

    [Fact]
    public async Task A_subscription_whose_deliveries_keep_failing_for_a_day_is_disabled_and_says_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Default = ReceiverAnswer.Fail500;
        await using var host = WebhookHost.Start(app);
        var region = await app.NewRegionAsync();
        var coordinator = host.WithKey(await region.KeyAsync(RoleNames.Coordinator));
        var created = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.ProjectCreated);
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-06", await ProjectApi.FieldOfActionAsync(coordinator, region)));
        var getRoute = GetWebhookSubscriptionRequest.BuildRoute(region.Slug, created.Id);

        var current = await (await coordinator.GetAsync(getRoute)).ReadAsync<WebhookSubscriptionResponse>();
        for (var day = 0; day < 12 && current.Enabled; day++)
        {
            await host.DrainAsync();
            host.Clock.Advance(TimeSpan.FromHours(10));
            current = await (await coordinator.GetAsync(getRoute)).ReadAsync<WebhookSubscriptionResponse>();
        }

        var failed = Assert.Single(await DeliveriesAsync(coordinator, region.Slug, created.Id));
        Assert.False(current.Enabled);
        Assert.Contains("every delivery attempt failed for 24 h", current.DisabledReason, StringComparison.Ordinal);
        Assert.Contains("HTTP 500", current.DisabledReason, StringComparison.Ordinal);
        Assert.Equal(WebhookDeliveryState.Failed, failed.State);
        Assert.InRange(failed.Attempts, 4, 6);
        Assert.Equal(failed.Attempts, receiver.Received.Count);
        Assert.NotNull(failed.CompletedAt);
        Assert.Null(failed.NextAttemptAt);
        var redeliver = RedeliverWebhookRequest.BuildRoute(region.Slug, created.Id, failed.Id);
        await (await coordinator.PostCommandAsync(redeliver, ifMatch: null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, RedeliverWebhookEndpoint.DisabledType);

        // Fixed receiver, enabled again, the event sent again: the same webhook-id, now accepted. Asked and sent in
        // today's time (the host's clock is a day and more ahead, too far for the receiver's timestamp check).
        receiver.Default = ReceiverAnswer.Ok;
        var today = await region.CoordinatorAsync();
        await (await today.SendJsonAsync(HttpMethod.Patch, UpdateWebhookSubscriptionRequest.BuildRoute(region.Slug, current.Id), new { enabled = true }, current.ETag()))
            .ReadAsync<WebhookSubscriptionResponse>();
        var again = await (await today.PostCommandAsync(redeliver, ifMatch: null)).ReadAsync<WebhookDeliveryResponse>(HttpStatusCode.Accepted);
        await using (var sender = WebhookHost.Start(app))
        {
            await sender.DrainAsync();
        }

        Assert.Equal((failed.EventId, WebhookDeliveryState.Pending, 0), (again.EventId, again.State, again.Attempts));
        Assert.Equal(ReceiverAnswer.Ok, receiver.Received[^1].Answer);
        Assert.Equal(failed.EventId.ToString("D"), receiver.Received[^1].Id);
        Assert.True(receiver.Received[^1].VerifiesWith(created.Secret));
        await DeleteAsync(coordinator, region.Slug, created.Id);
    }

    [Fact]
    public async Task Two_dispatchers_on_one_database_never_make_the_same_attempt_twice()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(20);
        await using var first = WebhookHost.Start(app, ("Webhooks:BatchSize", "3"));
        await using var second = WebhookHost.Start(app, ("Webhooks:BatchSize", "3"));
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var created = await SubscribeAsync(coordinator, region.Slug, receiver.Url, WebhookEventTypes.ProjectCreated);
        await new ProjectBuilder(region).BuildManyAsync(24, "P-");

        await Task.WhenAll(Task.Run(() => first.DrainAsync(40)), Task.Run(() => second.DrainAsync(40)));

        var ids = receiver.Received.Select(r => r.Id).ToList();
        Assert.Equal(24, ids.Count);
        Assert.Equal(24, ids.Distinct().Count());
        var log = await DeliveriesAsync(coordinator, region.Slug, created.Id);
        Assert.Equal(24, log.Count);
        Assert.All(log, d => Assert.Equal((WebhookDeliveryState.Succeeded, 1), (d.State, d.Attempts)));
        await DeleteAsync(coordinator, region.Slug, created.Id);
    }

    [Fact]
    public async Task A_member_manages_only_its_own_subscriptions_and_the_secret_is_shown_only_once()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var (ahlen, beckum) = (region.Ags("004"), region.Ags("008"));
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ahlen, "Stadt Ahlen");
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, beckum, "Stadt Beckum");
        var ahlenClient = await region.MemberAsync(ahlen);
        var beckumClient = await region.MemberAsync(beckum);
        var created = await SubscribeAsync(ahlenClient, region.Slug, "http://127.0.0.1:9/hook", WebhookEventTypes.DecisionRecorded);
        var own = await SubscribeAsync(coordinator, region.Slug, "http://127.0.0.1:9/other", WebhookEventTypes.ProjectCreated);
        var route = GetWebhookSubscriptionRequest.BuildRoute(region.Slug, created.Id);

        var read = await coordinator.GetAsync(route);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("whsec_", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await (await beckumClient.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await beckumClient.SendJsonAsync(HttpMethod.Patch, route, new { enabled = false }, created.ETag())).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        await (await (await region.ReaderAsync()).GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        var forBeckum = await (await beckumClient.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug))).ReadAsync<Page<WebhookSubscriptionResponse>>();
        var forAhlen = await (await ahlenClient.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug))).ReadAsync<Page<WebhookSubscriptionResponse>>();
        var forCoordinator = await (await coordinator.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug) + "?limit=1")).ReadAsync<Page<WebhookSubscriptionResponse>>();
        var next = await (await coordinator.GetAsync(ListWebhookSubscriptionsRequest.BuildRoute(region.Slug) + "?limit=1&cursor=" + forCoordinator.NextCursor)).ReadAsync<Page<WebhookSubscriptionResponse>>();
        var unknownType = await ahlenClient.PostJsonAsync(CreateWebhookSubscriptionRequest.BuildRoute(region.Slug), Body("https://example.org/hook", "project.deleted"));

        Assert.Empty(forBeckum.Items);
        Assert.Equal([created.Id], forAhlen.Items.Select(s => s.Id));
        Assert.Equal([created.Id, own.Id], forCoordinator.Items.Concat(next.Items).Select(s => s.Id));
        Assert.Contains("eventTypes[0]", (await unknownType.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        await DeleteAsync(coordinator, region.Slug, created.Id);
        await DeleteAsync(coordinator, region.Slug, own.Id);
        await (await coordinator.GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    private static CreateWebhookSubscriptionRequest Body(string url, params string[] types) => new() { Url = url, EventTypes = [.. types], Description = "Testempfänger „Straße“" };

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body, HttpAssertions.Json), System.Text.Encoding.UTF8, "application/json");

    private static async Task<WebhookSecretResponse> SubscribeAsync(HttpClient client, string slug, string url, params string[] types)
    {
        var response = await client.PostJsonAsync(CreateWebhookSubscriptionRequest.BuildRoute(slug), Body(url, types));
        var created = await response.ReadAsync<WebhookSecretResponse>(HttpStatusCode.Created);
        Assert.Equal(GetWebhookSubscriptionRequest.BuildRoute(slug, created.Id), response.Headers.Location?.OriginalString);
        Assert.Equal((true, types.Length), (created.Enabled, created.EventTypes.Count));
        return created;
    }

    private static async Task<IReadOnlyList<WebhookDeliveryResponse>> DeliveriesAsync(HttpClient client, string slug, Guid subscriptionId) =>
        (await (await client.GetAsync(ListWebhookDeliveriesRequest.BuildRoute(slug, subscriptionId) + "?limit=200")).ReadAsync<Page<WebhookDeliveryResponse>>()).Items;

    private static async Task DeleteAsync(HttpClient client, string slug, Guid id)
    {
        var current = await client.GetAsync(GetWebhookSubscriptionRequest.BuildRoute(slug, id));
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(DeleteWebhookSubscriptionRequest.BuildRoute(slug, id), current.ETag())).StatusCode);
    }

    /// <summary>Listens to the service's webhook counters while a test runs.</summary>
    private sealed class WebhookMetrics : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly System.Collections.Concurrent.ConcurrentBag<(string Name, Dictionary<string, string?> Tags)> measurements = [];

        public WebhookMetrics()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Api.Setup.SmartRegionMetrics.MeterName && instrument.Name.StartsWith("smartregion.webhooks.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
                measurements.Add((instrument.Name, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString()))));
            listener.Start();
        }

        public int Delivered(string type, string outcome) =>
            measurements.Count(m => m.Name == "smartregion.webhooks.deliveries" && m.Tags["webhook.event_type"] == type && m.Tags["webhook.outcome"] == outcome);

        public int Failed(string type, string kind) =>
            measurements.Count(m => m.Name == "smartregion.webhooks.failures" && m.Tags["webhook.event_type"] == type && m.Tags["webhook.failure"] == kind);

        public void Dispose() => listener.Dispose();
    }
}
