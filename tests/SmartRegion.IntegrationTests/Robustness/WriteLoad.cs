using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>Where the load writes: a region with the 14 Kreis Warendorf members, a field of action and an open circulation.</summary>
public sealed record LoadTarget(string Slug, string CoordinatorKey, IReadOnlyDictionary<string, string> MemberKeys, string FieldOfActionId, string CirculationId);

/// <summary>
/// Discards a share of the responses after the service has answered them, as a lost connection or a proxy timeout
/// does: the client never learns whether its write happened and must retry with the same Idempotency-Key.
/// </summary>
public sealed class DroppingHandler(int seed, double share) : DelegatingHandler
{
    private readonly Random random = new(seed);
    private int dropped;

    public int Dropped => dropped;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        bool drop;
        lock (random)
        {
            drop = random.NextDouble() < share;
        }

        if (!drop)
        {
            return response;
        }

        Interlocked.Increment(ref dropped);
        response.Dispose();
        throw new HttpRequestException("The test dropped this response.");
    }
}

/// <summary>
/// Mixed writes from many clients with retries and Idempotency-Keys: projects, participations, project transitions and
/// votes in a circulation. Records every write the service acknowledged; <see cref="VerifyAsync"/> then proves each
/// is stored exactly once and that nothing is half-applied (a project without its history, a proposal without its
/// transition record, a vote the circulation does not show).
/// </summary>
public sealed class WriteLoad(LoadTarget target)
{
    private readonly ConcurrentDictionary<string, string> projectsAcknowledged = new();
    private readonly ConcurrentDictionary<string, byte> projectsAttempted = new();
    private readonly ConcurrentDictionary<(string ProjectId, string Ags), byte> participationsAcknowledged = new();
    private readonly ConcurrentDictionary<string, byte> transitionsAcknowledged = new();
    private readonly ConcurrentDictionary<string, byte> votesAcknowledged = new();
    private readonly ConcurrentQueue<string> unvotedSeats = new(target.MemberKeys.Keys.OrderBy(ags => ags));
    private readonly ConcurrentQueue<string> errors = new();
    private int retries;
    private volatile bool stopped;

    public int Acknowledged => projectsAcknowledged.Count + participationsAcknowledged.Count + transitionsAcknowledged.Count + votesAcknowledged.Count;

    public string Summary =>
        $"{projectsAcknowledged.Count} projects ({projectsAttempted.Count} attempted), {participationsAcknowledged.Count} participations, "
        + $"{transitionsAcknowledged.Count} transitions, {votesAcknowledged.Count} votes acknowledged; {retries} retries";

    /// <summary>Creates the rest of the target through the API: a field of action and an open circulation of the members' seats.</summary>
    public static async Task<LoadTarget> PrepareAsync(HttpClient client, string slug, string coordinatorKey, IReadOnlyDictionary<string, string> memberKeys)
    {
        async Task<JsonNode> Send(HttpMethod method, string path, string key, object? body)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
            if (body is not null)
            {
                request.Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
            }

            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }

        var region = $"/api/v1/regions/{slug}";
        var fieldOfAction = (string)(await Send(HttpMethod.Post, $"{region}/fields-of-action", coordinatorKey, new { name = "Last " + Guid.NewGuid().ToString("N")[..8] }))["id"]!;
        var circulation = (string)(await Send(HttpMethod.Post, $"{region}/circulations", coordinatorKey, new
        {
            reference = "UV-LOAD-" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant(),
            title = "Umlaufbeschluss unter Last",
            text = "Die Mitglieder stimmen im Umlaufverfahren ab.",
            type = "general",
            deadline = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        }))["id"]!;
        return new LoadTarget(slug, coordinatorKey, memberKeys, fieldOfAction, circulation);
    }

    /// <summary>Ends the load early: each worker finishes the write it is sending and stops.</summary>
    public void Stop() => stopped = true;

    /// <summary>Runs <paramref name="clients"/> workers for <paramref name="duration"/>; worker <c>i</c> sends through <c>clientFor(i)</c>.</summary>
    public async Task RunAsync(Func<int, HttpClient> clientFor, int clients, TimeSpan duration, int seed)
    {
        var until = DateTime.UtcNow + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => WorkerAsync(clientFor(i), i, new Random(seed + i), until))));
        Assert.True(errors.IsEmpty, $"Unexpected answers under load ({Summary}):\n" + string.Join("\n", errors.Take(20)));
    }

    private async Task WorkerAsync(HttpClient client, int worker, Random random, DateTime until)
    {
        var own = new List<string>();
        var participations = new HashSet<(string, string)>();
        var proposed = new HashSet<string>();
        var region = $"/api/v1/regions/{target.Slug}";
        var number = 0;
        while (DateTime.UtcNow < until && !stopped)
        {
            var choice = random.Next(10);
            if (choice < 4 || own.Count == 0)
            {
                var code = $"L{worker:D2}-{++number:D4}";
                projectsAttempted[code] = 0;
                var body = new JsonObject { ["code"] = code, ["title"] = "Lastprojekt " + code, ["category"] = "lead", ["fieldOfActionId"] = target.FieldOfActionId, ["costSharingKey"] = "population" };
                var (status, answer, _) = await SendAsync(client, HttpMethod.Post, $"{region}/projects", target.CoordinatorKey, body, idempotent: true);
                if (status == HttpStatusCode.Created)
                {
                    projectsAcknowledged[code] = (string)answer!["id"]!;
                    own.Add((string)answer["id"]!);
                }
                else
                {
                    Unexpected(status, answer, $"create {code}");
                }
            }
            else if (choice < 7)
            {
                var project = own[random.Next(own.Count)];
                var ags = target.MemberKeys.Keys.ElementAt(random.Next(target.MemberKeys.Count));
                if (!participations.Add((project, ags)))
                {
                    continue;
                }

                var (status, answer, _) = await SendAsync(client, HttpMethod.Put, $"{region}/projects/{project}/participations/{ags}", target.CoordinatorKey, new JsonObject { ["role"] = "partner" }, idempotent: false);
                if (status is HttpStatusCode.Created or HttpStatusCode.OK)
                {
                    participationsAcknowledged[(project, ags)] = 0;
                }
                else if (status != HttpStatusCode.PreconditionRequired)
                {
                    // 428: a retry after a dropped answer found the participation made (an update needs If-Match).
                    Unexpected(status, answer, $"participation {project}/{ags}");
                }
            }
            else if (choice < 9)
            {
                var project = own.FirstOrDefault(p => !proposed.Contains(p));
                if (project is null)
                {
                    continue;
                }

                proposed.Add(project);
                var (_, _, etag) = await SendAsync(client, HttpMethod.Get, $"{region}/projects/{project}", target.CoordinatorKey, null, idempotent: false);
                var (status, answer, _) = await SendAsync(
                    client, HttpMethod.Post, $"{region}/projects/{project}/transitions", target.CoordinatorKey, new JsonObject { ["to"] = "proposed", ["reason"] = "Unter Last vorgeschlagen." }, idempotent: true, ifMatch: etag);
                if (status == HttpStatusCode.OK)
                {
                    transitionsAcknowledged[project] = 0;
                }
                else if (status != HttpStatusCode.PreconditionFailed)
                {
                    // 412: a participation of this project changed its version between the read and the command.
                    Unexpected(status, answer, $"transition {project}");
                }
            }
            else if (unvotedSeats.TryDequeue(out var seat))
            {
                var (status, answer, _) = await SendAsync(client, HttpMethod.Post, $"{region}/circulations/{target.CirculationId}/votes", target.MemberKeys[seat], new JsonObject { ["vote"] = "yes" }, idempotent: true);
                if (status == HttpStatusCode.OK)
                {
                    votesAcknowledged[seat] = 0;
                }
                else
                {
                    Unexpected(status, answer, $"vote {seat}");
                }
            }
        }
    }

    private void Unexpected(HttpStatusCode status, JsonNode? answer, string what)
    {
        if (status != 0)
        {
            errors.Enqueue($"{what}: {(int)status} {answer?.ToJsonString()}");
        }
    }

    /// <summary>
    /// Sends until an answer arrives: after a dropped response the same request (same Idempotency-Key) again, after a
    /// 503 or an in-progress key a moment later. Status 0 when no answer came within the attempts.
    /// </summary>
    private async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> SendAsync(HttpClient client, HttpMethod method, string path, string key, JsonNode? body, bool idempotent, string? ifMatch = null)
    {
        var idempotencyKey = idempotent ? Guid.NewGuid().ToString() : null;
        for (var attempt = 0; attempt < 12 && !(stopped && attempt > 0); attempt++)
        {
            if (attempt > 0)
            {
                Interlocked.Increment(ref retries);
            }

            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", key);
            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            if (body is not null)
            {
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            }

            try
            {
                using var response = await client.SendAsync(request);
                var text = await response.Content.ReadAsStringAsync();
                var json = text.Length > 0 ? JsonNode.Parse(text) : null;
                var busy = response.StatusCode == HttpStatusCode.ServiceUnavailable
                    || (response.StatusCode == HttpStatusCode.Conflict && (string?)json?["type"] == SmartRegion.Api.Http.ProblemTypes.IdempotencyKeyInProgress);
                if (busy)
                {
                    await Task.Delay(100 + (50 * attempt));
                    continue;
                }

                return (response.StatusCode, json, response.Headers.ETag?.ToString());
            }
            catch (HttpRequestException)
            {
                // The answer was lost: the write may or may not have happened; the same key makes the retry safe.
                await Task.Delay(20 * attempt);
            }
        }

        return (0, null, null);
    }

    /// <summary>Every acknowledged write is stored exactly once; nothing is half-applied.</summary>
    public async Task VerifyAsync(HttpClient client)
    {
        async Task<JsonNode> Get(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("ApiKey", target.CoordinatorKey);
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }

        async Task<List<JsonNode>> All(string path)
        {
            var items = new List<JsonNode>();
            string? cursor = null;
            do
            {
                var page = await Get(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
                items.AddRange(page["items"]!.AsArray().Select(i => i!));
                cursor = (string?)page["nextCursor"];
            }
            while (cursor is not null);
            return items;
        }

        var region = $"/api/v1/regions/{target.Slug}";
        var projects = (await All($"{region}/projects")).Where(p => ((string?)p["code"])?.StartsWith('L') == true && projectsAttempted.ContainsKey((string)p["code"]!)).ToList();
        var byCode = projects.GroupBy(p => (string)p["code"]!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(byCode, pair => Assert.True(pair.Value.Count == 1, $"Project {pair.Key} is stored {pair.Value.Count} times."));
        foreach (var (code, id) in projectsAcknowledged)
        {
            Assert.True(byCode.TryGetValue(code, out var stored), $"Acknowledged project {code} ({id}) is missing.");
            Assert.Equal(id, (string)stored[0]["id"]!);
        }

        foreach (var project in projects)
        {
            var id = (string)project["id"]!;
            var history = await All($"{region}/projects/{id}/history");
            var toProposed = history.Count(h => (string?)h["toStatus"] == "proposed");
            var status = (string)project["status"]!;
            Assert.True(status == "proposed" ? toProposed == 1 : toProposed == 0, $"Project {project["code"]} is {status} with {toProposed} transitions to proposed in its history.");
            if (transitionsAcknowledged.ContainsKey(id))
            {
                Assert.Equal("proposed", status);
            }
        }

        foreach (var projectId in participationsAcknowledged.Keys.Select(k => k.ProjectId).Distinct())
        {
            var stored = (await All($"{region}/projects/{projectId}/participations")).Select(p => (string)p["ags"]!).ToList();
            Assert.Equal(stored.Distinct().Count(), stored.Count);
            foreach (var (_, ags) in participationsAcknowledged.Keys.Where(k => k.ProjectId == projectId))
            {
                Assert.Contains(ags, stored);
            }
        }

        var circulation = await Get($"{region}/circulations/{target.CirculationId}");
        var voted = circulation["seats"]!.AsArray().Where(s => s!["vote"] is not null).Select(s => (string)s!["ags"]!).ToList();
        Assert.Equal(voted.Distinct().Count(), voted.Count);
        Assert.All(votesAcknowledged.Keys, ags => Assert.Contains(ags, voted));
    }
}
