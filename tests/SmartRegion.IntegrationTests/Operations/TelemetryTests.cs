using System.Collections;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Setup;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Operations;

/// <summary>
/// What an operator's tracing backend receives, caught by OpenTelemetry's in-memory exporter in a host of its own: one
/// trace per request, its server span with a client span per SQL statement, and the problem's <c>traceId</c> naming it.
/// SQLite only: the spans come from the same code on both engines (DbSession), and the exporter hooks into a host of
/// its own.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class TelemetryTests(SqliteApp app)
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_request_is_a_server_span_with_a_child_span_per_database_statement()
    {
        var region = await app.NewRegionAsync();
        var spans = new SpanLog();
        await using var host = TracedHost(spans);
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));

        var response = await reader.GetAsync(new Uri(ListThemesRequest.BuildRoute(region.Slug), UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var server = await spans.WaitForAsync(
            span => span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == ListThemesRequest.BuildRoute(region.Slug), ExportWait);
        var statements = spans.Where(span => span.Source.Name == DbTelemetry.ActivitySourceName && span.ParentSpanId == server.SpanId).ToList();
        Assert.NotEmpty(statements);
        Assert.All(statements, span =>
        {
            Assert.Equal(server.TraceId, span.TraceId);
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("sqlite", span.GetTagItem("db.system.name"));
        });
        // Named for the statement's field, so a slow statement is found in the code at once.
        Assert.Contains(statements, span => span.DisplayName == "ListThemesEndpoint.Sql.Page");
    }

    /// <summary>
    /// The work of a list page read from the database, counted in statements: once a key has been seen, a request
    /// runs the list's own statements only (the region, the page, its children), with no key lookup in front of them.
    /// The read cache is off here; with it, the same request on an unchanged database runs none (next test).
    /// </summary>
    [Fact]
    public async Task A_list_page_runs_only_its_own_statements_once_the_key_was_seen()
    {
        var region = await app.NewRegionAsync();
        await new ProjectBuilder(region).WithCode("LP-01").BuildAsync();
        var spans = new SpanLog();
        await using var host = TracedHost(app, spans, readCache: false);
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));
        var route = ListProjectsRequest.BuildRoute(region.Slug);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri(route, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri(route, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        await spans.WaitForAsync(_ => spans.Count(span => IsServerSpanOf(span, route)) == 2, ExportWait);
        var servers = spans.Where(span => IsServerSpanOf(span, route)).OrderBy(span => span.StartTimeUtc).ToList();
        List<string> StatementsOf(Activity server) => spans
            .Where(span => span.Source.Name == DbTelemetry.ActivitySourceName && span.ParentSpanId == server.SpanId)
            .OrderBy(span => span.StartTimeUtc).Select(span => span.DisplayName).ToList();
        Assert.Contains("ApiKeyStore.Sql.FindActive", StatementsOf(servers[0]));
        Assert.Equal(["RegionsSql.GetBySlug", "ListProjectsEndpoint.Sql.Page", "ListProjectsEndpoint.Sql.Children"], StatementsOf(servers[1]));
    }

    [Fact]
    public async Task A_list_page_and_a_project_read_again_on_an_unchanged_database_run_no_statement()
    {
        await using var isolated = new IsolatedSqliteApp();
        await isolated.InitializeAsync();
        var region = await isolated.NewRegionAsync();
        var project = await new ProjectBuilder(region).WithCode("LP-01").BuildAsync();
        var spans = new SpanLog();
        await using var host = TracedHost(isolated, spans, readCache: true);
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));
        var routes = new[] { ListProjectsRequest.BuildRoute(region.Slug), GetProjectRequest.BuildRoute(region.Slug, project.Id) };

        foreach (var route in routes.Concat(routes))
        {
            Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(new Uri(route, UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }

        await spans.WaitForAsync(_ => routes.All(route => spans.Count(span => IsServerSpanOf(span, route)) == 2), ExportWait);
        foreach (var route in routes)
        {
            var servers = spans.Where(span => IsServerSpanOf(span, route)).OrderBy(span => span.StartTimeUtc).ToList();
            Assert.Contains(spans, span => span.Source.Name == DbTelemetry.ActivitySourceName && span.ParentSpanId == servers[0].SpanId);
            Assert.DoesNotContain(spans, span => span.Source.Name == DbTelemetry.ActivitySourceName && span.ParentSpanId == servers[1].SpanId);
        }
    }

    private static bool IsServerSpanOf(Activity span, string path) =>
        span.Kind == ActivityKind.Server && span.GetTagItem("url.path") as string == path;

    [Fact]
    public async Task A_problem_names_the_trace_of_its_request()
    {
        var region = await app.NewRegionAsync();
        var spans = new SpanLog();
        await using var host = TracedHost(spans);
        var reader = host.WithKey(await region.KeyAsync(RoleNames.Reader));

        var response = await reader.GetAsync(new Uri(GetThemeRequest.BuildRoute(region.Slug, Guid.CreateVersion7()), UriKind.Relative), TestContext.Current.CancellationToken);
        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);

        Assert.Matches("^[0-9a-f]{32}$", problem.TraceId);
        var server = await spans.WaitForAsync(span => span.Kind == ActivityKind.Server && span.TraceId.ToHexString() == problem.TraceId, ExportWait);
        Assert.Equal(404, server.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task An_idempotent_replay_is_counted_by_the_SmartRegion_meter()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        long replays = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmartRegionMetrics.MeterName && instrument.Name == "smartregion.idempotency.replays")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref replays, value));
        listener.Start();

        var key = Guid.NewGuid().ToString("N");
        var body = new CreateThemeRequest { Name = "Daten", Description = "Offene Daten" };
        var first = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var before = Interlocked.Read(ref replays);
        var second = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), body, key);

        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.True(second.Headers.Contains("Idempotent-Replayed"));
        // Other tests may replay at the same time in this process; this one's replay is at least one more.
        Assert.True(Interlocked.Read(ref replays) > before, "The replay was not counted.");
    }

    private InterleavedHost TracedHost(SpanLog spans) => TracedHost(app, spans, readCache: true);

    private static InterleavedHost TracedHost(SmartRegionApp on, SpanLog spans, bool readCache) =>
        new(on.WithWebHostBuilder(builder =>
        {
            if (!readCache)
            {
                builder.UseSetting("Database:ReadCacheMegabytes", "0");
            }

            builder.ConfigureTestServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        }));

    /// <summary>The exporter's collection, safe to read while the server still exports.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly List<Activity> spans = [];

        public int Count
        {
            get
            {
                lock (spans)
                {
                    return spans.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        /// <summary>A span ends (and is exported) a moment after its response reached the client.</summary>
        public async Task<Activity> WaitForAsync(Func<Activity, bool> match, TimeSpan timeout)
        {
            var until = DateTime.UtcNow + timeout;
            while (true)
            {
                if (this.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                Assert.True(DateTime.UtcNow < until, $"No such span within {timeout.TotalSeconds:0} s; exported: {string.Join(", ", this.Select(span => span.DisplayName))}");
                await Task.Delay(50);
            }
        }

        public void Add(Activity item)
        {
            lock (spans)
            {
                spans.Add(item);
            }
        }

        public void Clear()
        {
            lock (spans)
            {
                spans.Clear();
            }
        }

        public bool Contains(Activity item)
        {
            lock (spans)
            {
                return spans.Contains(item);
            }
        }

        public void CopyTo(Activity[] array, int arrayIndex)
        {
            lock (spans)
            {
                spans.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(Activity item)
        {
            lock (spans)
            {
                return spans.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator()
        {
            lock (spans)
            {
                return spans.ToList().GetEnumerator();
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
