using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Projects;
using SmartRegion.IntegrationTests.Features.Decisions;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Authorization;

[Collection(SqliteCollection.Name)]
public sealed class AuthorizationMatrixTestsOnSqlite(SqliteApp app) : AuthorizationMatrixTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class AuthorizationMatrixTestsOnSqlServer(SqlServerApp app) : AuthorizationMatrixTests(app);

/// <summary>
/// The authorization matrix (<c>authorization-matrix.csv</c>): for every endpoint the app routes, what each kind of
/// caller gets. The endpoints come from the app's <see cref="EndpointDataSource"/>, so a new endpoint without a row
/// fails, and so does a row whose endpoint is gone. Every cell is sent for real against a region with members, a
/// project with participations, funding and a status report, a held meeting with an agenda item and a decision, and an
/// open circulation, so every route names something that exists.
/// <para>Outcome classes: <c>2xx</c> = allowed: the request passed authentication, role and scope checks; besides a
/// 2xx (or 304) this includes a 400, 409, 412, 422 or 428 that only a caller past those checks gets (writes are sent
/// with an <c>If-Match</c> no version has, so an allowed write answers 412 and changes nothing; a repeated create answers 409).
/// <c>401</c> no or unknown credentials, <c>403</c> the role or the member may not, <c>404</c> another region (always
/// 404, never 403, so a region's existence does not leak).</para>
/// </summary>
public abstract partial class AuthorizationMatrixTests
{
    private const string MatrixFile = "Authorization/authorization-matrix.csv";

    /// <summary>The callers, in the order of the table's columns.</summary>
    private static readonly string[] Callers =
        ["anonymous", "reader", "member", "memberOtherAgs", "coordinator", "otherRegionCoordinator", "admin", "publicAnonymous"];

    private static readonly HashSet<int> AllowedRefusals = [400, 409, 412, 422, 428];

    private readonly SmartRegionApp app;

    protected AuthorizationMatrixTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public void The_matrix_has_exactly_one_row_for_every_endpoint_the_app_routes()
    {
        var routed = RoutedEndpoints(app);
        var rows = MatrixRow.Load(MatrixFile).Select(row => row.Endpoint).ToList();

        Assert.Empty(rows.GroupBy(row => row).Where(group => group.Count() > 1).Select(group => group.Key));
        var missing = routed.Except(rows).ToList();
        var stale = rows.Except(routed).ToList();
        Assert.True(missing.Count == 0, "Endpoints without a row in " + MatrixFile + ": " + string.Join("; ", missing));
        Assert.True(stale.Count == 0, "Rows of " + MatrixFile + " without an endpoint: " + string.Join("; ", stale));
        Assert.True(routed.Count >= 80, $"Only {routed.Count} endpoints found: is the endpoint data source the app's?");
    }

    [Fact]
    public async Task Every_caller_gets_what_the_matrix_says_on_every_endpoint()
    {
        var rows = MatrixRow.Load(MatrixFile);
        var world = await MatrixWorld.CreateAsync(app);
        var failures = new List<string>();
        var observed = new StringBuilder();
        foreach (var row in rows)
        {
            var cells = new List<string>();
            for (var column = 0; column < Callers.Length; column++)
            {
                var status = await world.SendAsync(row.Method, row.Route, Callers[column]);
                var outcome = Classify(status);
                cells.Add(outcome);
                if (outcome != row.Expected[column])
                {
                    failures.Add($"{row.Endpoint} as {Callers[column]}: expected {row.Expected[column]}, got {status}");
                }
            }

            observed.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{row.Method},{row.Route},{string.Join(',', cells)}");
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures) + Environment.NewLine + "Observed:" + Environment.NewLine + observed);
    }

    private static string Classify(int status) => status switch
    {
        >= 200 and < 300 or 304 => "2xx",
        _ when AllowedRefusals.Contains(status) => "2xx",
        401 or 403 or 404 => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"unexpected {status}",
    };

    /// <summary>Method and route pattern of every routed endpoint, as <c>GET /api/v1/regions/{slug}</c>.</summary>
    private static List<string> RoutedEndpoints(SmartRegionApp app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            // FastEndpoints' route cache for its test harness, mapped by the test host only: no endpoint of the API.
            .Where(endpoint => endpoint.RoutePattern.RawText?.Trim('/') != "_test_url_cache_")
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(method => $"{method} /{endpoint.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    private sealed record MatrixRow(string Method, string Route, string[] Expected)
    {
        public string Endpoint => $"{Method} {Route}";

        public static List<MatrixRow> Load(string file)
        {
            var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, file))
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .ToList();
            Assert.Equal("method,route," + string.Join(',', Callers), lines[0]);
            return lines.Skip(1).Select(line =>
            {
                var cells = line.Split(',');
                Assert.True(cells.Length == 2 + Callers.Length, $"{file}: '{line}' has {cells.Length} cells, not {2 + Callers.Length}.");
                Assert.All(cells.Skip(2), cell => Assert.Contains(cell, new[] { "2xx", "401", "403", "404" }));
                return new MatrixRow(cells[0], cells[1], cells[2..]);
            }).ToList();
        }
    }

    /// <summary>
    /// The data the matrix runs against: region A with everything a route can name, its callers, a coordinator of
    /// another region, and a public region P built like A for anonymous reads.
    /// </summary>
    private sealed partial class MatrixWorld
    {
        private readonly SmartRegionApp app;
        private readonly MatrixRegion home;
        private readonly MatrixRegion publicRegion;
        private readonly Dictionary<string, HttpClient> clients;

        private MatrixWorld(SmartRegionApp app, MatrixRegion home, MatrixRegion publicRegion, Dictionary<string, HttpClient> clients)
        {
            this.app = app;
            this.home = home;
            this.publicRegion = publicRegion;
            this.clients = clients;
        }

        public static async Task<MatrixWorld> CreateAsync(SmartRegionApp app)
        {
            var home = await MatrixRegion.CreateAsync(app, publicRead: false);
            var publicRegion = await MatrixRegion.CreateAsync(app, publicRead: true);
            var other = await app.NewRegionAsync();
            var clients = new Dictionary<string, HttpClient>
            {
                ["anonymous"] = app.Anonymous(),
                ["reader"] = await home.Region.ReaderAsync(),
                ["member"] = await home.Region.MemberAsync(home.OwnAgs),
                ["memberOtherAgs"] = await home.Region.MemberAsync(home.OtherAgs),
                ["coordinator"] = home.Coordinator,
                ["otherRegionCoordinator"] = await other.CoordinatorAsync(),
                ["admin"] = app.Admin(),
                ["publicAnonymous"] = app.Anonymous(),
            };
            return new MatrixWorld(app, home, publicRegion, clients);
        }

        public async Task<int> SendAsync(string method, string routePattern, string caller)
        {
            var target = caller == "publicAnonymous" ? publicRegion : home;
            var path = await target.ResolveAsync(routePattern);
            var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method != "GET")
            {
                // A version no resource has: an allowed write answers 412 and changes nothing, and the precondition is
                // checked where the resource is read, after the region and member checks (a missing If-Match would be
                // refused with 428 before them).
                request.Headers.TryAddWithoutValidation("If-Match", "\"0\"");
            }

            if (method is "POST" or "PUT" or "PATCH" && target.ExampleBody(method, routePattern) is { } body)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }
            else if (MatrixRegion.TakesCsv(method, routePattern))
            {
                // The spreadsheet import: a header row and nothing else is a well-formed file with no rows.
                request.Content = new StringContent("code;title\n", Encoding.UTF8, "text/csv");
            }

            var response = await clients[caller].SendAsync(request);
            return (int)response.StatusCode;
        }
    }

    /// <summary>One region with every kind of resource, made through the API as a coordinator would.</summary>
    private sealed partial class MatrixRegion
    {
        private static readonly Lazy<JsonObject> Document = new(() =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), OpenApiContract.SpecFile)))!.AsObject());

        private readonly SmartRegionApp app;
        private readonly Dictionary<string, Guid> ids = [];

        private MatrixRegion(SmartRegionApp app, TestRegion region, HttpClient coordinator)
        {
            this.app = app;
            Region = region;
            Coordinator = coordinator;
        }

        public TestRegion Region { get; }

        public HttpClient Coordinator { get; }

        public string OwnAgs => Region.Ags("004");

        public string OtherAgs => Region.Ags("008");

        public static async Task<MatrixRegion> CreateAsync(SmartRegionApp app, bool publicRead)
        {
            var region = await app.NewRegionAsync();
            var coordinator = await region.CoordinatorAsync();
            var world = new MatrixRegion(app, region, coordinator);
            await MeetingApi.CreateKreisWarendorfMembersAsync(coordinator, region);
            world.ids["fields-of-action"] = await ProjectApi.FieldOfActionAsync(coordinator, region);
            world.ids["themes"] = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
            var project = await new ProjectBuilder(region).InFieldOfAction(world.ids["fields-of-action"]).InStatus(ProjectStatus.InImplementation).BuildAsync();
            world.ids["projects"] = project.Id;
            await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, world.OwnAgs, ParticipationRole.Lead);
            await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, world.OtherAgs, ParticipationRole.Partner);
            world.ids["funding"] = await world.CreateFromExampleAsync("/api/v1/regions/{slug}/projects/{id}/funding");
            world.ids["status-reports"] = await world.CreateFromExampleAsync("/api/v1/regions/{slug}/projects/{id}/status-reports");

            var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK-M/1");
            world.ids["meetings"] = meeting.Id;
            var item = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "1");
            world.ids["agenda-items"] = item.Id;
            var seats = MeetingApi.AllAgs(region);
            await MeetingApi.HoldAsync(coordinator, region.Slug, meeting.Id, seats);
            var decision = await DecisionApi.RecordAsync(coordinator, region.Slug, meeting.Id, item.Id,
                DecisionApi.Body("LK-M/1-1", DecisionType.General, null, DecisionApi.Votes(seats, yes: seats.Length, no: 0)));
            world.ids["decisions"] = (await decision.ReadAsync<DecisionResponse>(HttpStatusCode.Created)).Id;

            var circulation = ExampleNode("POST", "/api/v1/regions/{slug}/circulations")!.AsObject();
            world.Patch(circulation);
            circulation["type"] = "general";
            circulation.Remove("projectId");
            circulation["deadline"] = DateTimeOffset.UtcNow.AddDays(14).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            world.ids["circulations"] = await world.CreateAsync("/api/v1/regions/{slug}/circulations", circulation.ToJsonString());
            world.ids["erasures"] = await world.CreateFromExampleAsync("/api/v1/regions/{slug}/personal-data/erasures");

            // Strategy: a version in consultation with a comment, and its first indicator.
            var created = await coordinator.PostAsync(await world.ResolveAsync("/api/v1/regions/{slug}/strategy/versions"),
                new StringContent(world.ExampleBody("POST", "/api/v1/regions/{slug}/strategy/versions")!, Encoding.UTF8, "application/json"));
            var version = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            Assert.True(created.StatusCode == HttpStatusCode.Created, version.ToJsonString());
            world.ids["versions"] = Guid.Parse((string)version["id"]!);
            world.ids["indicators"] = Guid.Parse((string)version["goals"]![0]!["indicators"]![0]!["id"]!);
            var consulted = await coordinator.SendJsonAsync(HttpMethod.Post, await world.ResolveAsync("/api/v1/regions/{slug}/strategy/versions/{versionId}/transitions"),
                new { to = "in_consultation" }, created.Headers.ETag!.Tag);
            Assert.Equal(HttpStatusCode.OK, consulted.StatusCode);
            world.ids["comments"] = await world.CreateFromExampleAsync("/api/v1/regions/{slug}/strategy/versions/{versionId}/comments");

            // Webhooks: a subscription to a loopback receiver (the tests allow loopback); no delivery exists yet.
            world.ids["webhooks"] = await world.CreateAsync("/api/v1/regions/{slug}/webhooks",
                """{"url": "http://127.0.0.1:9/hooks", "eventTypes": ["project.created"]}""");
            world.ids["deliveries"] = Guid.CreateVersion7();
            // OParl: a circulation is a paper of its own; a file exists only for a council resolution's link, so the
            // matrix asks for one that does not exist (authorization before the lookup: 401, else 404).
            world.ids["papers"] = world.ids["circulations"];
            world.ids["files"] = Guid.CreateVersion7();
            if (publicRead)
            {
                await region.SetPublicReadAsync(true);
            }

            return world;
        }

        /// <summary>The route with every parameter replaced by something of this region; an API key is made anew each time (revoking spends it).</summary>
        public async Task<string> ResolveAsync(string pattern)
        {
            var segments = pattern.Split('/');
            for (var i = 0; i < segments.Length; i++)
            {
                if (!segments[i].StartsWith('{'))
                {
                    continue;
                }

                var parameter = segments[i].Trim('{', '}');
                var owner = segments[i - 1];
                segments[i] = parameter switch
                {
                    "slug" => Region.Slug,
                    "ags" => OwnAgs,
                    "itemId" or "agendaItemId" => ids["agenda-items"].ToString(),
                    "fundingId" => ids["funding"].ToString(),
                    "reportId" => ids["status-reports"].ToString(),
                    "projectId" => ids["projects"].ToString(),
                    "meetingId" => ids["meetings"].ToString(),
                    "versionId" or "otherVersionId" => ids["versions"].ToString(),
                    "commentId" => ids["comments"].ToString(),
                    "indicatorId" => ids["indicators"].ToString(),
                    "deliveryId" => ids["deliveries"].ToString(),
                    "key" when owner == "organizations" => SmartRegion.Api.Features.OParl.OParlUrls.SteeringCommitteeKey,
                    "id" when owner == "api-keys" => (await app.Keys.CreateAsync(RoleNames.Reader, Region.Slug, null, "matrix reader", CancellationToken.None)).Id.ToString(),
                    "id" => ids[owner].ToString(),
                    _ => throw new InvalidOperationException($"The matrix does not know the route parameter {{{parameter}}} of {pattern}."),
                };
            }

            return string.Join('/', segments);
        }

        /// <summary>The operation's example body from the committed document, naming this region's things.</summary>
        public string? ExampleBody(string method, string pattern)
        {
            var example = ExampleNode(method, pattern);
            if (example is null)
            {
                return null;
            }

            Patch(example);
            return example.ToJsonString();
        }

        /// <summary>Whether the operation's body is a CSV file (the documented request content is <c>text/csv</c>).</summary>
        public static bool TakesCsv(string method, string pattern) =>
            Document.Value["paths"]?[pattern]?[method.ToLowerInvariant()]?["requestBody"]?["content"]?["text/csv"] is not null;

        private static JsonNode? ExampleNode(string method, string pattern)
        {
            var operation = Document.Value["paths"]?[pattern]?[method.ToLowerInvariant()];
            var reference = (string?)operation?["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"];
            if (reference is null)
            {
                return null;
            }

            var schema = Document.Value["components"]!["schemas"]![reference.Split('/')[^1]]!;
            return schema["examples"]?[0]?.DeepClone();
        }

        /// <summary>Ids, the region, its Kreis key and the AGS of Kreis Warendorf in the examples become this region's.</summary>
        private void Patch(JsonNode node)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var name in obj.Select(property => property.Key).ToList())
                    {
                        var value = obj[name];
                        if (name is "themes" or "themeIds" && value is JsonArray && ids.TryGetValue("themes", out var theme))
                        {
                            obj[name] = new JsonArray(theme.ToString());
                        }
                        else if (value is JsonValue && value.GetValueKind() == System.Text.Json.JsonValueKind.String && Replacement(name, value.GetValue<string>()) is { } replacement)
                        {
                            obj[name] = replacement;
                        }
                        else if (value is not null)
                        {
                            Patch(value);
                        }
                    }

                    break;
                case JsonArray array:
                    // Other lists of ids (a new order) keep the example's distinct ids: what matters is that the body is
                    // valid, so the region and member checks behind it decide.
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonValue item && item.GetValueKind() == System.Text.Json.JsonValueKind.String && Replacement(null, item.GetValue<string>()) is { } replacement)
                        {
                            array[i] = replacement;
                        }
                        else if (array[i] is { } child)
                        {
                            Patch(child);
                        }
                    }

                    break;
            }
        }

        private string? Replacement(string? property, string? text)
        {
            if (text is null)
            {
                return null;
            }

            if (property is not null && property.EndsWith("Id", StringComparison.Ordinal) && Guid.TryParse(text, out _))
            {
                var kind = property[..^2] switch
                {
                    "fieldOfAction" => "fields-of-action",
                    "project" => "projects",
                    "meeting" => "meetings",
                    "agendaItem" => "agenda-items",
                    "decision" => "decisions",
                    _ => null,
                };
                return kind is not null && ids.TryGetValue(kind, out var id) ? id.ToString() : null;
            }

            if (text == "kreis-warendorf")
            {
                return Region.Slug;
            }

            if (text == "05570")
            {
                return Region.KreisKey;
            }

            return WarendorfAgs().IsMatch(text) ? Region.KreisKey + text[5..] : null;
        }

        private async Task<Guid> CreateFromExampleAsync(string pattern) =>
            await CreateAsync(pattern, ExampleBody("POST", pattern)!);

        private async Task<Guid> CreateAsync(string pattern, string body)
        {
            var response = await Coordinator.PostAsync(await ResolveAsync(pattern), new StringContent(body, Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {pattern}: {response.StatusCode} {text}");
            return Guid.Parse((string)JsonNode.Parse(text)!["id"]!);
        }

        private static string RepositoryRoot()
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, OpenApiContract.SpecFile)))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException($"No {OpenApiContract.SpecFile} above {AppContext.BaseDirectory}.");
        }

        [GeneratedRegex("^05570[0-9]{3}$")]
        private static partial Regex WarendorfAgs();
    }
}
