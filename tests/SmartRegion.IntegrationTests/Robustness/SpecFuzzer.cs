using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SmartRegion.IntegrationTests.Robustness;

/// <summary>One generated request. <see cref="RawRequest"/> is set for requests sent as bytes on a socket.</summary>
public sealed record FuzzCase(
    int Index,
    string Kind,
    string Method,
    string PathTemplate,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[]? Body,
    string? ContentType,
    bool ChunkedBody = false,
    byte[]? RawRequest = null,
    bool MalformedHttp = false)
{
    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300)) + (Body.Length > 300 ? $"… ({Body.Length} bytes)" : "");
        var headers = string.Join("; ", Headers.Take(6).Select(h => $"{h.Key}: {(h.Value.Length > 80 ? h.Value[..80] + $"… ({h.Value.Length} chars)" : h.Value)}"))
            + (Headers.Count > 6 ? $"; … ({Headers.Count} headers)" : "");
        return RawRequest is null
            ? $"#{Index} [{Kind}] {Method} {(Path.Length > 300 ? Path[..300] + "…" : Path)} | {headers} | Content-Type: {ContentType} | {body}"
            : $"#{Index} [{Kind}] raw: {Encoding.Latin1.GetString(RawRequest, 0, Math.Min(RawRequest.Length, 400))}";
    }
}

/// <summary>Credentials and resource ids the generator may use; the ids are real ones, so a request can reach deep.</summary>
public sealed record FuzzContext(
    string AdminAuthorization,
    string CoordinatorAuthorization,
    string RegionSlug,
    IReadOnlyDictionary<string, string> IdsByCollection);

/// <summary>
/// Derives invalid and edge requests from the committed OpenAPI document: for every operation, its path, query and
/// header parameters and its request body schema (with the schema's example as the starting point). Every request it
/// makes must be refused (or, for reads, answered) without a 5xx and without changing the database; a value that could
/// be valid (odd Unicode, injection strings) therefore travels in a request that is invalid for a second reason
/// (an unknown region, or an unknown property after it), so the service still parses and validates it.
/// </summary>
public sealed class SpecFuzzer
{
    public const string NoSuchRegion = "fuzz-no-such-region";

    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private static readonly string[] BadCredentials =
    [
        "ApiKey ", "ApiKey x", "ApiKey " + new string('k', 5000), "apikey sr_0000000000000000000000000000", "ApiKey sr_' OR '1'='1",
        "Bearer ", "Bearer abc", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJl", "Basic YWRtaW46YWRtaW4=", "Digest x", "ApiKey", "Bearer",
        "ApiKey\tsr_x", "   ", "ApiKey sr_\u00e4\u00f6\u00fc", "Negotiate " + new string('A', 3000), "ApiKey ../../etc/passwd", "Bearer \u0000",
    ];

    private static readonly string[] HostilePathValues =
    [
        "0", "-1", "1.5", "true", "null", "undefined", "NaN", "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6", "01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6fa", "{01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f}",
        "01960f7d0a2b7c3d8e4f1a2b3c4d5e6f", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "../../etc/passwd", "..\\..\\windows\\win.ini", "..", ".",
        "%2e%2e%2f", "' OR '1'='1", "1; DROP TABLE Projects;--", "\" OR \"\"=\"", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
        "{{7*7}}", "a\r\nSet-Cookie: x=1", "\u0000", "a\u0000b", "\u202eevil", "e\u0301\u0301\u0301", "\ufeff", "\ud83d\ude00",
        "\uffff", new string('a', 300), new string('9', 5000), "055700", "0557000400000", "05570004 ", " 05570004", "\u0660\u0665\u0665\u0667",
        "*", "%", "_", "[]", "{}", "a/b", "a?b=c", "a#b", "a;b", "\t", " ",
    ];

    private static readonly string[] HostileQueryValues =
    [
        "", " ", "0", "-1", "201", "1000000", "9223372036854775808", "-9223372036854775809", "1e309", "1.5", "0x10", "NaN", "Infinity",
        "true", "null", "abc", "' OR 1=1--", "1; DROP TABLE Projects", "%00", "\u0000", "\ud83d\ude00", "\u202e", "e\u0301\u0301",
        new string('q', 4_000), "2025-02-30", "2025-13-01", "2025-03-28T09:30:00", "2025-03-28T25:00:00Z", "9999-12-31T23:59:59.9999999+14:00",
        "0001-01-01T00:00:00Z", "not-a-uuid", "00000000-0000-0000-0000-000000000000", "!!!!", "eyJpZCI6IngifQ", "AAAAAAAAAAAAAAAAAAAAAA",
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"id\":\"' OR 1=1\",\"at\":\"x\"}")), "_-_-_-", "*", "%", "\"\"", "[]", "{}",
    ];

    private static readonly string[] EdgeStrings =
    [
        "\u0000", "a\u0000b", "\u202eRTL override", "\u200f\u05e9\u05dc\u05d5\u05dd", "e" + string.Concat(Enumerable.Repeat("\u0301", 500)),
        "\u200b\u200c\u200d\u2060", "\ufeffBOM", "\ud83d\ude00\ud83c\uddf3\ud83c\uddf1", "\uffff\ufffe", "\u00a0\u3000", "Z\u0351\u0352\u0353algo",
        "\u1100\u1161\u11a8", "ＡＢＣ１２３", "İıſK", "ß\u1e9e", "\r\n\t\v\f", "\u0085\u2028\u2029", "'\"\\`", "<>&", string.Empty, " ",
        "' OR '1'='1", "'; DROP TABLE Projects;--", "\" OR \"\"=\"", "1 UNION SELECT * FROM ApiKeys--", "../../../../etc/passwd",
        "..\\..\\..\\windows\\win.ini", "%2e%2e%2f%2e%2e%2f", "<script>alert(1)</script>", "{{7*7}}${7*7}", "${jndi:ldap://x/a}",
        "a\r\nSet-Cookie: x=1", "%s%s%s%n", "%_%_", "\"*\" OR NEAR(a b)", "\\u0000", "null", "true", "0",
    ];

    private readonly JsonObject document;
    private readonly FuzzContext context;
    private readonly Random random;
    private readonly List<Operation> operations;

    public SpecFuzzer(string openApiJson, FuzzContext context, int seed)
    {
        document = JsonNode.Parse(openApiJson)!.AsObject();
        this.context = context;
        random = new Random(seed);
        operations = ReadOperations();
    }

    public IReadOnlyList<string> OperationIds => [.. operations.Select(o => o.Id)];

    private sealed record Parameter(string Name, string In, JsonObject Schema, bool Required);

    private sealed record Operation(string Id, string Method, string Template, IReadOnlyList<Parameter> Parameters, JsonObject? BodySchema, JsonObject? Example, bool IsPublic);

    /// <summary>The requests, round-robin over the operations so every one gets its share, then the raw-socket cases.</summary>
    public List<FuzzCase> Generate(int count)
    {
        var cases = new List<FuzzCase>(count + 400);
        for (var i = 0; i < count; i++)
        {
            cases.Add(Next(i, operations[i % operations.Count]));
        }

        cases.AddRange(RawCases(cases.Count));
        return cases;
    }

    private FuzzCase Next(int index, Operation op)
    {
        var kinds = new List<string> { "credentials", "path", "query", "headers", "method" };
        if (op.BodySchema is not null)
        {
            kinds.AddRange(["body-type", "body-bounds", "body-missing", "body-unknown", "body-nesting", "body-duplicate", "body-malformed", "body-huge", "body-unicode", "content-type", "body-type", "body-bounds", "body-unicode"]);
        }

        var kind = kinds[random.Next(kinds.Count)];
        var headers = new List<KeyValuePair<string, string>> { new("Authorization", AuthorizationFor(op)) };
        var pathValues = op.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => ValidPathValue(op.Template, p.Name));
        var query = new List<KeyValuePair<string, string>>();
        var method = op.Method;
        var template = op.Template;
        JsonNode? body = op.BodySchema is null ? null : (op.Example?.DeepClone() ?? Minimal(op.BodySchema));
        string? rawBody = null;
        var contentType = op.BodySchema is null ? null : "application/json";
        var needsSecondFault = false;
        var chunked = false;

        switch (kind)
        {
            case "credentials":
                headers.Clear();
                if (random.Next(4) != 0)
                {
                    headers.Add(new("Authorization", Pick(BadCredentials)));
                }

                break;
            case "path" when pathValues.Count > 0:
                var name = Pick(pathValues.Keys.ToList());
                pathValues[name] = Pick(HostilePathValues);
                break;
            case "path":
            case "query":
                foreach (var parameter in op.Parameters.Where(p => p.In == "query"))
                {
                    if (random.Next(3) != 0)
                    {
                        query.Add(new(parameter.Name, Pick(HostileQueryValues)));
                        if (random.Next(4) == 0)
                        {
                            query.Add(new(parameter.Name, Pick(HostileQueryValues)));
                        }
                    }
                }

                query.Add(new(Pick(["fuzz", "limit", "cursor", "$filter", "__proto__", "a[b]", "\u00e4"]), Pick(HostileQueryValues)));
                needsSecondFault = true;
                break;
            case "headers":
                needsSecondFault = AbuseHeaders(op, headers, ref chunked);
                break;
            case "method":
                method = Pick(["patch", "options", "trace", "head", "propfind", "connect-x"]);
                needsSecondFault = true;
                break;
            case "content-type":
                var (type, certain) = Pick<(string, bool)>([
                    ("text/plain", true), ("application/xml", true), ("application/x-www-form-urlencoded", true), ("multipart/form-data; boundary=x", true),
                    ("", true), ("application", true), ("a/b/c", true), ("application/jsonx", true), ("json", true), ("image/png", true),
                    ("application/json; charset=utf-16", false), ("application/json; charset=nonsense", false), ("application/json; boundary=\"", false),
                    ("APPLICATION/JSON", false), ("application/problem+json", false), ("text/json", false), ("application/json;;;", false),
                ]);
                contentType = type;
                needsSecondFault = !certain;
                break;
            case "body-type":
                needsSecondFault = !MutateProperty(op, body, WrongType);
                break;
            case "body-bounds":
                needsSecondFault = !MutateProperty(op, body, OutOfBounds) && !MutateProperty(op, body, WrongType);
                break;
            case "body-missing":
                var required = (op.BodySchema!["required"] as JsonArray)?.Select(r => (string)r!).ToList() ?? [];
                if (required.Count > 0 && body is JsonObject withRequired)
                {
                    withRequired.Remove(Pick(required));
                }
                else
                {
                    needsSecondFault = true;
                }

                break;
            case "body-unknown":
                needsSecondFault = true;
                break;
            case "body-nesting":
                var depth = Pick([65, 200, 5_000, 50_000]);
                rawBody = ReplaceProperty(op, body, random.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth));
                break;
            case "body-duplicate":
                rawBody = DuplicateKey(body);
                break;
            case "body-malformed":
                (rawBody, var invalidUtf8) = Malformed(body);
                if (invalidUtf8 is not null)
                {
                    return new FuzzCase(index, kind, method.ToUpperInvariant(), template, BuildPath(template, pathValues, query), headers, invalidUtf8, contentType);
                }

                break;
            case "body-huge":
                if (random.Next(3) == 0)
                {
                    var arrayProperty = PropertiesOf(op).FirstOrDefault(p => TypeOf(p.Schema) == "array");
                    if (arrayProperty.Name is not null && body is JsonObject withArray)
                    {
                        withArray[arrayProperty.Name] = new JsonArray([.. Enumerable.Range(0, Pick([201, 10_000])).Select(_ => (JsonNode)Guid.NewGuid().ToString())]);
                        break;
                    }
                }

                rawBody = ReplaceProperty(op, body, JsonSerializer.Serialize(new string('x', Pick([1_100_000, 3_000_000]))));
                chunked = random.Next(2) == 0;
                break;
            case "body-unicode":
                var edge = random.Next(5) == 0 ? "\\ud800" : random.Next(4) == 0 ? "\\udfff" : random.Next(3) == 0 ? "x\\ud800\\ud800y" : null;
                if (edge is not null)
                {
                    // A lone surrogate can only be written as an escape: it has no UTF-8 form.
                    rawBody = ReplaceProperty(op, body, "\"" + edge + "\"", stringsOnly: true);
                }
                else
                {
                    MutateProperty(op, body, _ => Pick(EdgeStrings), stringsOnly: true);
                }

                needsSecondFault = true;
                break;
        }

        if (needsSecondFault && (method is "post" or "put" or "delete" or "patch"))
        {
            // The value under test may be valid: the request must still change nothing.
            if (template.StartsWith("/api/v1/regions/{slug}", StringComparison.Ordinal) && !pathValues.ContainsValue(NoSuchRegion) && random.Next(2) == 0)
            {
                pathValues["slug"] = NoSuchRegion;
                ReplaceHeader(headers, "Authorization", context.AdminAuthorization, onlyIfValid: true);
            }
            else if (body is JsonObject || rawBody is not null)
            {
                rawBody = AppendUnknownProperty(rawBody ?? body!.ToJsonString());
            }
            else if (op.Parameters.Any(p => p.Name == "If-Match"))
            {
                // Bodiless commands (close, deactivate, delete): a weak tag never matches (If-Match compares strongly).
                headers.RemoveAll(h => h.Key == "If-Match");
                headers.Add(new("If-Match", "W/\"1\""));
            }
            else if (pathValues.Count > 0)
            {
                // No body, no precondition (revoking a key): an id that does not exist.
                pathValues[pathValues.Keys.Last()] = Guid.CreateVersion7().ToString();
            }
        }

        if (op.Parameters.Any(p => p.Name == "If-Match") && !headers.Any(h => h.Key == "If-Match") && random.Next(2) == 0)
        {
            headers.Add(new("If-Match", Pick(["\"999999\"", "W/\"1\"", "\"0\""])));
        }

        var bytes = rawBody is not null ? Encoding.UTF8.GetBytes(rawBody) : body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        var path = BuildPath(template, pathValues, query);
        // A control character in a header value or a NUL in the path is not valid HTTP: Kestrel refuses it itself.
        var malformed = headers.Any(h => h.Value.Any(c => c < ' ' && c != '\t')) || path.Split('?')[0].Contains("%00", StringComparison.Ordinal);
        return new FuzzCase(index, kind, method.ToUpperInvariant(), template, path, headers, bytes, bytes is null && kind != "content-type" ? null : contentType, chunked, MalformedHttp: malformed);
    }

    /// <summary>Header abuse; true when the abused header alone does not make the request invalid.</summary>
    private bool AbuseHeaders(Operation op, List<KeyValuePair<string, string>> headers, ref bool chunked)
    {
        switch (random.Next(9))
        {
            case 0 when op.Parameters.Any(p => p.Name == "If-Match"):
                headers.Add(new("If-Match", Pick(["abc", "\"", "\"\"", "W/\"1\"", "W/\"2\"", "W/", "\"a\" \"b\"", ",,,", "\"x\", W/\"1\"", new string('"', 9000), "\"1", "1\"", "\"-1\"", "\"1.0\"", "\"01\"", "\"+1\"", "\" 1\"", "\"99999999999999999999\""])));
                return false;
            case 1:
                headers.Add(new("If-None-Match", Pick(["abc", "\"", "*, \"1\"", new string('x', 9000), "W/", "\u00e4"])));
                return true;
            case 2 when op.Method == "post":
                var key = Pick(["", " ", "\t", new string('k', 201), new string('k', 10_000), "k\u00e4\u00f6", "' OR 1=1--", "../../x", "\ud83d\ude00", "a,b"]);
                headers.Add(new("Idempotency-Key", key));
                if (random.Next(3) == 0)
                {
                    headers.Add(new("Idempotency-Key", "second-" + key));
                }

                return key.Length <= 200;
            case 3:
                headers.Add(new("Accept-Language", Pick(["xx-YY;q=abc", string.Join(',', Enumerable.Range(0, 500).Select(i => $"l{i};q=0.{i % 10}")), "*", "de-DE-x-" + new string('a', 3000), "\u00e4"])));
                headers.Add(new("Accept", Pick(["application/xml", "text/html", "*/*;q=abc", "application/problem+xml", "garbage"])));
                return true;
            case 4:
                headers.Add(new("X-Fuzz-Padding", new string('p', Pick([8_000, 16_000, 30_000]))));
                return true;
            case 5:
                for (var i = 0; i < 150; i++)
                {
                    headers.Add(new($"X-Fuzz-{i}", new string('h', 100)));
                }

                return true;
            case 6:
                headers.Add(new("Authorization", Pick(BadCredentials)));
                return true;
            case 7 when op.BodySchema is not null:
                chunked = true;
                return true;
            default:
                headers.Add(new("Content-Encoding", Pick(["gzip", "br", "deflate", "identity, gzip", "x-unknown"])));
                headers.Add(new("Transfer-Encoding-Fuzz", "chunked"));
                return true;
        }
    }

    private IEnumerable<FuzzCase> RawCases(int firstIndex)
    {
        var path = $"/api/v1/regions/{context.RegionSlug}/projects";
        var auth = context.CoordinatorAuthorization;
        (string Name, string Request, bool Malformed)[] templates =
        [
            ("crlf-injected-header", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nX-A: a\r\nSet-Cookie: injected=1\r\nConnection: close\r\n\r\n", false),
            ("bare-lf", $"GET {path} HTTP/1.1\nHost: 127.0.0.1\nAuthorization: {auth}\nConnection: close\n\n", true),
            ("bare-cr-in-value", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\rb\r\nConnection: close\r\n\r\n", true),
            ("nul-in-header", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\0b\r\nConnection: close\r\n\r\n", true),
            ("space-before-colon", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization : {auth}\r\nConnection: close\r\n\r\n", true),
            ("obs-fold", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n", true),
            ("no-host", $"GET {path} HTTP/1.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", true),
            ("two-hosts", $"GET {path} HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", true),
            ("cl-and-te", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n", true),
            ("two-content-lengths", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 7\r\nConnection: close\r\n\r\n{{}}", true),
            ("bad-chunk-size", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n", true),
            ("negative-content-length", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\nConnection: close\r\n\r\n", true),
            ("http-0.9", $"GET {path}\r\n\r\n", true),
            ("http-2.0-on-1.1", $"GET {path} HTTP/2.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true),
            ("huge-request-line", $"GET {path}?q={new string('a', 20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true),
            ("huge-header", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {new string('b', 40_000)}\r\nConnection: close\r\n\r\n", true),
            ("invalid-method-chars", $"G(E)T {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", true),
            ("nul-in-path", $"GET /api/v1/regions/a%00b/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", true),
            ("bad-percent", $"GET /api/v1/regions/%zz/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", false),
            ("dot-segments", $"GET /api/v1/regions/{context.RegionSlug}/../../../../etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", false),
            ("encoded-dot-segments", $"GET /api/v1/regions/%2e%2e/%2e%2e/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", false),
            ("backslash-path", $"GET /api/v1\\regions\\{context.RegionSlug} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", false),
            ("absolute-form-other-host", $"GET http://evil.example{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", true),
            ("absolute-form", $"GET http://127.0.0.1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", false),
            ("utf8-in-path", $"GET /api/v1/regions/\u00e4\u00f6\u00fc/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n", true),
            ("utf8-in-header", $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nAccept-Language: d\u00e4\r\nIf-None-Match: \"\u00e4\"\r\nConnection: close\r\n\r\n", false),
            ("utf8-idempotency-key", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nIdempotency-Key: \u00e4\u00f6\u00fc\r\nContent-Type: application/json\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{{\"fuzzUnknown\": 1}}", false),
            ("body-shorter-than-length", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{{\"code\": \"X\"", true),
            ("expect-continue", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 18\r\nConnection: close\r\n\r\n{{\"fuzzUnknown\": 1}}", false),
            ("huge-content-length", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n{{}}", false),
            ("te-gzip", $"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\nConnection: close\r\n\r\n0\r\n\r\n", true),
        ];

        var index = firstIndex;
        foreach (var (name, request, malformed) in templates)
        {
            // Each shape several times: the same request on fresh connections must get the same kind of answer.
            for (var i = 0; i < 10; i++)
            {
                yield return new FuzzCase(index++, "raw:" + name, "RAW", "", "", [], null, null, RawRequest: Encoding.UTF8.GetBytes(request), MalformedHttp: malformed);
            }
        }
    }

    private string AuthorizationFor(Operation op) =>
        op.Template.StartsWith("/api/v1/regions/{slug}", StringComparison.Ordinal) && !op.Template.Contains("/api-keys", StringComparison.Ordinal)
            ? context.CoordinatorAuthorization
            : context.AdminAuthorization;

    private string ValidPathValue(string template, string name)
    {
        if (name == "slug")
        {
            return context.RegionSlug;
        }

        var segments = template.Split('/');
        var at = Array.IndexOf(segments, "{" + name + "}");
        var collection = at > 0 ? segments[at - 1] : name;
        return context.IdsByCollection.TryGetValue(collection, out var id) ? id : Guid.CreateVersion7().ToString();
    }

    private static void ReplaceHeader(List<KeyValuePair<string, string>> headers, string name, string value, bool onlyIfValid)
    {
        var at = headers.FindIndex(h => h.Key == name);
        if (at >= 0)
        {
            if (!onlyIfValid || !BadCredentials.Contains(headers[at].Value))
            {
                headers[at] = new(name, value);
            }
        }
        else if (!onlyIfValid)
        {
            headers.Add(new(name, value));
        }
    }

    private static string BuildPath(string template, Dictionary<string, string> values, List<KeyValuePair<string, string>> query)
    {
        var path = Regex.Replace(template, "{(?<name>[^}]+)}", m => values.TryGetValue(m.Groups["name"].Value, out var v) ? Uri.EscapeDataString(v) : m.Value);
        return query.Count == 0 ? path : path + "?" + string.Join('&', query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
    }

    private static string AppendUnknownProperty(string json)
    {
        var trimmed = json.TrimEnd();
        if (trimmed.EndsWith('}') && trimmed.Length > 2)
        {
            return trimmed[..^1] + ",\"fuzzUnknownProperty\":true}";
        }

        return "{\"fuzzUnknownProperty\":" + (trimmed.Length == 0 ? "true" : trimmed) + "}";
    }

    private bool MutateProperty(Operation op, JsonNode? body, Func<JsonObject, JsonNode?> mutate, bool stringsOnly = false)
    {
        if (body is not JsonObject target)
        {
            return false;
        }

        var candidates = PropertiesOf(op).Where(p => !stringsOnly || TypeOf(p.Schema) == "string").ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        foreach (var candidate in candidates.OrderBy(_ => random.Next()))
        {
            if (mutate(candidate.Schema) is { } value)
            {
                target[candidate.Name] = value;
                return true;
            }
        }

        return false;
    }

    private string? ReplaceProperty(Operation op, JsonNode? body, string rawValue, bool stringsOnly = false)
    {
        if (body is not JsonObject target)
        {
            return rawValue;
        }

        var candidates = PropertiesOf(op).Where(p => !stringsOnly || TypeOf(p.Schema) == "string").Select(p => p.Name).ToList();
        var name = candidates.Count > 0 ? Pick(candidates) : "fuzzUnknownProperty";
        const string Placeholder = "\u0001FUZZ\u0001";
        target[name] = Placeholder;
        return target.ToJsonString().Replace(JsonSerializer.Serialize(Placeholder), rawValue, StringComparison.Ordinal);
    }

    private string DuplicateKey(JsonNode? body)
    {
        if (body is not JsonObject target || target.Count == 0)
        {
            return "{\"a\":1,\"a\":2}";
        }

        var (name, value) = target.ElementAt(random.Next(target.Count));
        var json = target.ToJsonString();
        var other = value?.GetValueKind() == JsonValueKind.String ? JsonSerializer.Serialize("fuzz-duplicate") : value?.ToJsonString() ?? "null";
        return random.Next(2) == 0
            ? json[..^1] + $",{JsonSerializer.Serialize(name)}:{other}}}"
            : $"{{{JsonSerializer.Serialize(name)}:{other}," + json[1..];
    }

    private (string? Text, byte[]? Bytes) Malformed(JsonNode? body)
    {
        var json = body?.ToJsonString() ?? "{}";
        switch (random.Next(14))
        {
            case 0: return ("", null);
            case 1: return (json[..random.Next(1, Math.Max(2, json.Length - 1))], null);
            case 2: return (json + " garbage", null);
            case 3: return (json + json, null);
            case 4: return ("/* comment */ " + json, null);
            case 5: return (json.Replace("\"", "'", StringComparison.Ordinal), null);
            case 6: return (Pick(["null", "[]", "123", "\"x\"", "true", "[" + json + "]", "{\"a\":NaN}", "{\"a\":Infinity}", "{,}", "{\"a\" 1}"]), null);
            case 7: return (json.Length > 2 ? json[..^1] + ",}" : "{,}", null);
            case 8:
                // Invalid UTF-8: a lone continuation byte, an overlong '/', a truncated sequence.
                var bytes = Encoding.UTF8.GetBytes(json).ToList();
                bytes.InsertRange(Math.Max(1, bytes.IndexOf((byte)':') + 2), Pick<byte[]>([[0xFF], [0xC0, 0xAF], [0xE2, 0x82], [0x80], [0xED, 0xA0, 0x80]]));
                return (null, [.. bytes]);
            case 9: return ("\uFEFF\uFEFF" + json, null);
            case 10: return (json.Replace(":", ":\u0000", StringComparison.Ordinal), null);
            case 11: return ("{\"a\":\"" + new string('\\', 1001) + "\"}", null);
            case 12: return ("{\"a\":1e99999,\"b\":-1e99999}", null);
            default: return (AppendUnknownProperty(json).Replace("{", "{\"\":1,", StringComparison.Ordinal), null);
        }
    }

    private JsonNode? WrongType(JsonObject schema)
    {
        var type = TypeOf(schema);
        var nullable = IsNullable(schema);
        JsonNode?[] options = type switch
        {
            "string" => [12345, true, new JsonObject(), new JsonArray(), 1.5, ..(nullable ? Array.Empty<JsonNode?>() : [null])],
            "number" or "integer" => ["12", "abc", true, new JsonArray(1), new JsonObject(), "1e3", ..(nullable ? Array.Empty<JsonNode?>() : [null])],
            "boolean" => ["true", 1, 0, "yes", new JsonArray(), ..(nullable ? Array.Empty<JsonNode?>() : [null])],
            "array" => ["x", 1, new JsonObject(), true, new JsonArray(new JsonArray(new JsonArray())), new JsonArray(1, true, new JsonObject())],
            "object" => ["x", 1, new JsonArray(), true],
            _ => [],
        };
        if (options.Length == 0)
        {
            return null;
        }

        var picked = options[random.Next(options.Length)];
        return picked?.DeepClone() ?? JsonValue.Create((string?)null);
    }

    private JsonNode? OutOfBounds(JsonObject schema)
    {
        var type = TypeOf(schema);
        var description = (string?)schema["description"] ?? "";
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return Pick(["not_a_value", ((string?)values[0])?.ToUpperInvariant() + "", " " + values[0], "", "0"]);
        }

        if (type is "number" or "integer")
        {
            var options = new List<JsonNode>();
            if (schema["maximum"] is { } max)
            {
                options.Add(JsonValue.Create((decimal)max + 1)!);
                options.Add(JsonNode.Parse("1e30")!);
            }

            if (schema["minimum"] is { } min)
            {
                options.Add(JsonValue.Create((decimal)min - 1)!);
                options.Add(JsonNode.Parse("-1e30")!);
            }

            if (schema["multipleOf"] is not null)
            {
                options.Add(JsonValue.Create(0.001m)!);
                options.Add(JsonValue.Create(1.005m)!);
            }

            if (type == "integer")
            {
                options.Add(JsonNode.Parse("9223372036854775808")!);
                options.Add(JsonNode.Parse("2147483648")!);
                options.Add(JsonNode.Parse("1.5")!);
            }

            options.Add(JsonNode.Parse("1e400")!);
            return options.Count == 0 ? null : Pick(options);
        }

        if (type == "string")
        {
            if (schema["maxLength"] is { } maxLength)
            {
                return new string('m', (int)maxLength + 1);
            }

            var format = (string?)schema["format"];
            if (format == "uuid")
            {
                return Pick(["not-a-uuid", "01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", "", "' OR 1=1--"]);
            }

            if (format == "date")
            {
                return Pick(["2025-02-30", "2025-13-01", "20250101", "2025-1-1", "01.01.2025", "0000-00-00", "2025-01-01T00:00:00Z", ""]);
            }

            if (format == "date-time")
            {
                return Pick(["2025-03-28T09:30:00", "2025-03-28", "2025-03-28T25:00:00Z", "yesterday", "2025-03-28T09:30:00+25:00", ""]);
            }

            if (format == "email")
            {
                return Pick(["not-an-email", "@", "a@", "@b", "a b@c.de"]);
            }

            if (Regex.Match(description, @"[Aa]t most (?<n>[0-9][0-9,]*) characters") is { Success: true } limit)
            {
                return new string('m', int.Parse(limit.Groups["n"].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) + 1);
            }
        }

        if (type == "array" && schema["maxItems"] is { } maxItems)
        {
            var item = (schema["items"] as JsonObject) is { } items && (string?)items["format"] == "uuid" ? (Func<JsonNode>)(() => Guid.NewGuid().ToString()) : () => "x";
            return new JsonArray([.. Enumerable.Range(0, (int)maxItems + 1).Select(_ => item())]);
        }

        return null;
    }

    private IEnumerable<(string Name, JsonObject Schema)> PropertiesOf(Operation op) =>
        (op.BodySchema?["properties"] as JsonObject ?? []).Select(p => (p.Key, Resolve(p.Value as JsonObject ?? [])));

    private JsonObject Minimal(JsonObject schema)
    {
        var result = new JsonObject();
        foreach (var required in (schema["required"] as JsonArray ?? []).Select(r => (string)r!))
        {
            var property = Resolve(schema["properties"]?[required] as JsonObject ?? []);
            result[required] = TypeOf(property) switch
            {
                "string" when (string?)property["format"] == "uuid" => Guid.CreateVersion7().ToString(),
                "string" when (string?)property["format"] == "date" => "2026-01-01",
                "string" when (string?)property["format"] == "date-time" => "2026-01-01T00:00:00Z",
                "string" when property["enum"] is JsonArray values => values[0]!.DeepClone(),
                "string" => "fuzz",
                "number" or "integer" => 1,
                "boolean" => true,
                "array" => new JsonArray(),
                _ => new JsonObject(),
            };
        }

        return result;
    }

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue value => (string?)value,
        JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
        _ when schema["enum"] is not null => "string",
        _ => null,
    };

    private static bool IsNullable(JsonObject schema) =>
        schema["type"] is JsonArray types && types.Any(t => (string?)t == "null") || schema["nullable"] is JsonValue n && (bool)n;

    /// <summary>Follows <c>$ref</c> (and a one-of of a reference and null) to the schema it names, keeping nullability.</summary>
    private JsonObject Resolve(JsonObject schema, int depth = 0)
    {
        if (depth > 10)
        {
            return schema;
        }

        if ((string?)schema["$ref"] is { } reference)
        {
            var resolved = Resolve(Lookup(reference), depth + 1).DeepClone().AsObject();
            if (schema["description"] is { } description)
            {
                resolved["description"] = description.DeepClone();
            }

            return resolved;
        }

        if (schema["oneOf"] is JsonArray oneOf && oneOf.OfType<JsonObject>().FirstOrDefault(o => o["$ref"] is not null) is { } first)
        {
            var resolved = Resolve(first, depth + 1).DeepClone().AsObject();
            if (oneOf.OfType<JsonObject>().Any(o => (string?)o["type"] == "null"))
            {
                resolved["nullable"] = true;
            }

            return resolved;
        }

        return schema;
    }

    private JsonObject Lookup(string reference) =>
        reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)document, (node, part) => node[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)]!).AsObject();

    private List<Operation> ReadOperations()
    {
        var result = new List<Operation>();
        foreach (var (template, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item?[method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = (operation["parameters"] as JsonArray ?? [])
                    .OfType<JsonObject>()
                    .Select(p => new Parameter((string)p["name"]!, (string)p["in"]!, Resolve(p["schema"] as JsonObject ?? []), (bool?)p["required"] == true))
                    .ToList();
                JsonObject? body = null;
                JsonObject? example = null;
                if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is JsonObject schema)
                {
                    body = Resolve(schema);
                    example = (body["examples"] as JsonArray)?.FirstOrDefault() as JsonObject ?? body["example"] as JsonObject;
                }

                var isPublic = operation["security"] is JsonArray { Count: 0 } || template.StartsWith("/health", StringComparison.Ordinal);
                result.Add(new Operation((string?)operation["operationId"] ?? $"{method} {template}", method, template, parameters, body, example, isPublic));
            }
        }

        return result;
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
