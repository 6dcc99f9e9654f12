using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>
/// Fuzzing from the spec: more than 10,000 invalid and edge requests derived from <c>api-spec/openapi.json</c>, over
/// real HTTP to the service running as its own process on the demo data. Asserts that none gets a 5xx, that no write
/// is accepted, that every 4xx is an <c>application/problem+json</c> body that parses, that every answer of a
/// documented operation matches the contract, and that the database is byte-for-byte the same afterwards.
/// The seed is fixed (<c>SMARTREGION_FUZZ_SEED</c> overrides it) and printed with every failure.
/// </summary>
public sealed class SpecFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261201;
    private const int Requests = 10_500;
    private const int Workers = 6;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(110);

    [Fact]
    public async Task Ten_thousand_invalid_requests_from_the_spec_get_no_5xx_only_problem_answers_and_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SMARTREGION_FUZZ_SEED"), out var fromEnvironment) ? fromEnvironment : DefaultSeed;
        var folder = Path.Combine(Path.GetTempPath(), "smartregion-tests", "fuzz-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var databaseFile = Path.Combine(folder, "smartregion.db");
        var bootstrapKey = "fuzz-bootstrap-admin-" + Guid.NewGuid().ToString("N");
        await using var service = await RunningService.StartAsync(
            new Dictionary<string, string>
            {
                ["ConnectionStrings__SmartRegion"] = $"Data Source={databaseFile}",
                ["Auth__BootstrapAdminKey"] = bootstrapKey,
            },
            ["--seed-demo"]);
        var coordinatorKey = (await service.WaitForOutputAsync("Demo coordinator API key:", TimeSpan.FromSeconds(30))).Split(':', 2)[1].Trim();
        var context = await DiscoverAsync(service, "ApiKey " + bootstrapKey, "ApiKey " + coordinatorKey);

        var fuzzer = new SpecFuzzer(await File.ReadAllTextAsync(OpenApiContract.SpecFilePath), context, seed);
        var cases = fuzzer.Generate(Requests);
        var before = await DatabaseChecksum.OfSqliteAsync(databaseFile);

        var failures = new ConcurrentQueue<(string Group, string Detail)>();
        var statuses = new ConcurrentDictionary<int, int>();
        var notSent = new ConcurrentQueue<string>();
        var sent = 0;
        var kestrelProtocolAnswers = 0;
        var closedEarly = 0;
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            MaxConnectionsPerServer = Workers,
        };
        using var client = new HttpClient(handler) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var queue = new ConcurrentQueue<FuzzCase>(cases);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < Budget && queue.TryDequeue(out var fuzzCase))
            {
                Exchange? exchange;
                try
                {
                    exchange = fuzzCase.RawRequest is null ? await SendAsync(client, fuzzCase) : await SendRawAsync(service.BaseAddress, fuzzCase);
                }
                catch (Exception ex) when (fuzzCase.RawRequest is null && ex is HttpRequestException { InnerException: not IOException and not SocketException } or InvalidOperationException or FormatException or ArgumentException)
                {
                    // HttpClient itself refused to send it (e.g. a control character in a header): not a server answer.
                    notSent.Enqueue($"{fuzzCase.Kind}: {ex.GetType().Name}");
                    continue;
                }
                catch (HttpRequestException) when (fuzzCase.ChunkedBody && fuzzCase.Body?.Length > 1024 * 1024)
                {
                    // A chunked body over the limit: the service answers 413 and closes while the client still uploads.
                    Interlocked.Increment(ref closedEarly);
                    continue;
                }
                catch (Exception ex)
                {
                    failures.Enqueue(($"{fuzzCase.Kind} no answer {ex.GetType().Name}", $"{fuzzCase}\n    -> no answer: {ex.GetType().Name}: {ex.Message}"));
                    continue;
                }

                Interlocked.Increment(ref sent);
                statuses.AddOrUpdate(exchange.Status, 1, (_, n) => n + 1);
                foreach (var problem in Judge(fuzzCase, exchange))
                {
                    if (problem == KestrelProtocolAnswer)
                    {
                        Interlocked.Increment(ref kestrelProtocolAnswers);
                        continue;
                    }

                    failures.Enqueue(($"{exchange.Status} {problem[..Math.Min(problem.Length, 60)]} ({fuzzCase.Kind}, {fuzzCase.Method} {fuzzCase.PathTemplate})", $"{fuzzCase}\n    -> {exchange.Status} {exchange.ContentType}: {problem}\n    body: {Excerpt(exchange.Body)}"));
                }
            }
        })));

        var after = await DatabaseChecksum.OfSqliteAsync(databaseFile);
        var summary = $"seed {seed} (set SMARTREGION_FUZZ_SEED to repeat another), {cases.Count} generated over {fuzzer.OperationIds.Count} operations, {sent} answered in {clock.Elapsed.TotalSeconds:F0} s, "
            + $"{notSent.Count} refused by HttpClient before sending, {kestrelProtocolAnswers} malformed-HTTP answers by Kestrel, {closedEarly} oversized chunked uploads cut off by the 413; statuses: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        output.WriteLine(summary);
        var groups = failures.GroupBy(f => f.Group).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}\n  e.g. {g.First().Detail}");
        var errors = service.Output.Split('\n').Where(l => l.Contains("Exception", StringComparison.Ordinal)).Distinct().Take(30);
        Assert.True(failures.IsEmpty, $"{summary}\n{failures.Count} failures in {failures.Select(f => f.Group).Distinct().Count()} groups:\n" + string.Join("\n", groups.Take(60)) + "\nService errors:\n" + string.Join("\n", errors));
        Assert.True(sent >= 10_000, $"{summary}: fewer than 10,000 requests were answered within {Budget.TotalSeconds} s.");
        Assert.True(before.Hash == after.Hash, $"{summary}\nThe invalid requests changed the database. Rows before: {Rows(before.RowsPerTable)}; after: {Rows(after.RowsPerTable)}");

        await service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private const string KestrelProtocolAnswer = "kestrel";

    private sealed record Exchange(int Status, string? ContentType, string Body, IReadOnlyList<string> HeaderNames, string? SentPath = null);

    private static IEnumerable<string> Judge(FuzzCase fuzzCase, Exchange exchange)
    {
        if (exchange.Status >= 500 && !(fuzzCase.MalformedHttp && exchange.Status == 505 && exchange.Body.Length == 0))
        {
            yield return "a 5xx";
        }

        if (fuzzCase.Method is "POST" or "PUT" or "DELETE" or "PATCH" && exchange.Status is >= 200 and < 300)
        {
            yield return "an invalid write was accepted";
        }

        if (exchange.Status is >= 400 and < 500 && fuzzCase.Method != "HEAD")
        {
            if (fuzzCase.MalformedHttp && exchange.Body.Length == 0 && exchange.ContentType is null)
            {
                // Malformed HTTP (bad framing, a NUL in a header or the path) is refused by Kestrel before any
                // application code runs, with an empty body: only the status can be judged.
                yield return KestrelProtocolAnswer;
                yield break;
            }

            if (exchange.ContentType != "application/problem+json")
            {
                yield return "a 4xx that is not application/problem+json";
            }
            else if (!IsProblem(exchange.Body, exchange.Status))
            {
                yield return "a problem body that does not parse or lacks type/title/status";
            }
        }

        // 405, 414 and 431 concern the route or the request's size, whatever the operation: they are not listed per operation.
        if (fuzzCase.RawRequest is null && fuzzCase.Method != "HEAD" && exchange.Status is not 405 and not 414 and not 431)
        {
            // The path as sent: HttpClient removes dot segments, which can lead to another operation than the template.
            var path = exchange.SentPath ?? fuzzCase.Path.Split('?')[0];
            var violation = OpenApiContract.Committed.Check(new ContractResponse(fuzzCase.Method, Uri.UnescapeDataString(path), exchange.Status, exchange.ContentType, exchange.HeaderNames, exchange.Body));
            if (violation is not null && violation.Problems.All(p => p.Kind is not ContractProblem.UnknownPath and not ContractProblem.UnknownMethod))
            {
                yield return "contract: " + string.Join("; ", violation.Problems);
            }
        }
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject problem
                && (int?)problem["status"] == status
                && problem["title"] is JsonValue
                && problem["type"] is JsonValue;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<Exchange> SendAsync(HttpClient client, FuzzCase fuzzCase)
    {
        using var request = new HttpRequestMessage(new HttpMethod(fuzzCase.Method), new Uri(fuzzCase.Path, UriKind.Relative));
        if (fuzzCase.Body is not null || fuzzCase.ContentType is not null)
        {
            HttpContent content = fuzzCase.ChunkedBody ? new ChunkedContent(fuzzCase.Body ?? []) : new ByteArrayContent(fuzzCase.Body ?? []);
            if (fuzzCase.ContentType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", fuzzCase.ContentType);
            }

            request.Content = content;
            // A body over the limit is refused before it is sent (413 to Expect: 100-continue), not mid-upload.
            request.Headers.ExpectContinue = fuzzCase.Body?.Length > 1024 * 1024 && !fuzzCase.ChunkedBody;
        }

        foreach (var (name, value) in fuzzCase.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content is not null)
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return new Exchange(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            body,
            [.. response.Headers.Select(h => h.Key), .. response.Content.Headers.Select(h => h.Key)],
            request.RequestUri?.AbsolutePath);
    }

    /// <summary>Bytes on a socket (for what HttpClient refuses to send), with <c>Connection: close</c>: the answer ends with the stream.</summary>
    private static async Task<Exchange> SendRawAsync(Uri server, FuzzCase fuzzCase)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await stream.WriteAsync(fuzzCase.RawRequest, cancel.Token);
        using var received = new MemoryStream();
        try
        {
            await stream.CopyToAsync(received, cancel.Token);
        }
        catch (IOException) when (received.Length > 0)
        {
            // Kestrel may reset the connection after its answer to a request it refused.
        }

        var bytes = received.ToArray();
        var headerEnd = IndexOf(bytes, "\r\n\r\n"u8, 0);
        if (headerEnd < 0)
        {
            throw new IOException($"No complete HTTP answer: '{Excerpt(Encoding.UTF8.GetString(bytes))}'");
        }

        var lines = Encoding.Latin1.GetString(bytes, 0, headerEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2).GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First()[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = bytes.AsSpan(headerEnd + 4).ToArray();
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        var contentType = headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0].Trim() : null;
        return new Exchange(status, contentType, Encoding.UTF8.GetString(body), [.. headers.Keys]);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> value, int start)
    {
        var at = bytes.AsSpan(start).IndexOf(value);
        return at < 0 ? -1 : start + at;
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var result = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = IndexOf(chunked, "\r\n"u8, at);
            if (lineEnd < 0)
            {
                break;
            }

            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd - at).Split(';')[0].Trim(), 16);
            if (size == 0)
            {
                break;
            }

            var take = Math.Min(size, chunked.Length - lineEnd - 2);
            result.Write(chunked, lineEnd + 2, take);
            at = lineEnd + 2 + take + 2;
        }

        return result.ToArray();
    }

    /// <summary>Real resource ids of the demo region, so generated paths reach existing resources.</summary>
    private static async Task<FuzzContext> DiscoverAsync(RunningService service, string admin, string coordinator)
    {
        using var client = service.Client();
        async Task<JsonNode?> Get(string path, string authorization)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            using var response = await client.SendAsync(request);
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
        }

        const string Slug = SmartRegion.Api.Features.Demo.DemoSeeder.RegionSlug;
        var region = $"/api/v1/regions/{Slug}";
        var ids = new Dictionary<string, string>();
        async Task First(string collection, string path, string authorization, string property = "id")
        {
            if ((await Get(path, authorization))?["items"]?[0]?[property] is JsonValue value)
            {
                ids[collection] = (string)value!;
            }
        }

        await First("api-keys", "/api/v1/api-keys?limit=1", admin);
        await First("members", $"{region}/members?limit=1", coordinator, "ags");
        ids["participations"] = ids.GetValueOrDefault("members", "05570004");
        ids["seats"] = ids["participations"];
        foreach (var collection in new[] { "fields-of-action", "themes", "meetings", "circulations", "decisions" })
        {
            await First(collection, $"{region}/{collection}?limit=1", coordinator);
        }

        var projects = (await Get($"{region}/projects?limit=50", coordinator))?["items"]?.AsArray() ?? [];
        foreach (var project in projects)
        {
            var id = (string)project!["id"]!;
            ids.TryAdd("projects", id);
            if ((await Get($"{region}/projects/{id}/funding?limit=1", coordinator))?["items"]?[0]?["id"] is JsonValue funding)
            {
                ids["projects"] = id;
                ids["funding"] = (string)funding!;
                await First("status-reports", $"{region}/projects/{id}/status-reports?limit=1", coordinator);
                break;
            }
        }

        if (ids.TryGetValue("meetings", out var meeting) && (await Get($"{region}/meetings/{meeting}", coordinator))?["agendaItems"]?[0]?["id"] is JsonValue item)
        {
            ids["agenda-items"] = (string)item!;
        }

        return new FuzzContext(admin, coordinator, Slug, ids);
    }

    private static string Rows(IReadOnlyDictionary<string, long> rows) => string.Join(", ", rows.Select(r => $"{r.Key}={r.Value}"));

    private static string Excerpt(string text, int length = 500) => text.Length <= length ? text : text[..length] + $"… ({text.Length} chars)";

    /// <summary>A body of unknown length, so HttpClient sends it with <c>Transfer-Encoding: chunked</c>.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
