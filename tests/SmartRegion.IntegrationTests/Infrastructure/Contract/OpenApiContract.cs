using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartRegion.IntegrationTests.Infrastructure.Contract;

/// <summary>One HTTP exchange as the contract sees it: what was asked and what came back.</summary>
public sealed record ContractResponse(
    string Method,
    string Path,
    int Status,
    string? MediaType,
    IReadOnlyCollection<string> HeaderNames,
    string Body);

/// <summary>One way a response differs from the document. <see cref="Kind"/> is one of the <c>ContractProblem.*</c> constants.</summary>
public sealed record ContractProblem(string Kind, string Location, string Message)
{
    public const string UnknownPath = "path";
    public const string UnknownMethod = "method";
    public const string UndocumentedStatus = "status";
    public const string ContentType = "content-type";
    public const string Body = "body";
    public const string MissingHeader = "header";

    public override string ToString() => Location.Length == 0 ? $"[{Kind}] {Message}" : $"[{Kind}] {Location}: {Message}";
}

/// <summary>A response that breaks the contract, with everything needed to find the cause.</summary>
public sealed record ContractViolation(ContractResponse Response, string? OperationId, string? PathTemplate, IReadOnlyList<ContractProblem> Problems)
{
    private const int BodyExcerpt = 1500;

    public override string ToString()
    {
        var operation = OperationId is null ? "no operation" : $"operation {OperationId} ({Response.Method} {PathTemplate})";
        var body = Response.Body.Length > BodyExcerpt ? Response.Body[..BodyExcerpt] + "…" : Response.Body;
        return $"Response breaks api-spec/openapi.json: {operation}, request {Response.Method} {Response.Path}, status {Response.Status}, " +
            $"content-type {Response.MediaType ?? "none"}:{Environment.NewLine}" +
            string.Join(Environment.NewLine, Problems.Select(p => "  - " + p)) +
            $"{Environment.NewLine}  body: {(body.Length == 0 ? "<empty>" : body)}" +
            $"{Environment.NewLine}  (a request sent outside the contract on purpose says so: request.OutsideContract(\"why\") or client.OutsideContract(\"why\"))";
    }
}

/// <summary>
/// An OpenAPI 3.1 document used as a test oracle: finds the operation a request hit and checks the response's
/// status, content type, required headers and body (JSON Schema 2020-12, evaluated by JsonSchema.Net in the
/// context of the whole document so <c>$ref</c>s resolve). Parsed once; response schemas are built on first use
/// and cached, because the suite sends thousands of requests.
/// </summary>
public sealed class OpenApiContract
{
    public const string SpecFile = "api-spec/openapi.json";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
    private static readonly Lazy<OpenApiContract> CommittedDocument = new(LoadCommitted);

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.Hierarchical,

        // Formats are promises too (date-time, date, uuid); unknown OpenAPI formats such as int32 stay annotations.
        RequireFormatValidation = true,
    };

    private readonly JsonObject document;
    private readonly Uri baseUri;
    private readonly BuildOptions buildOptions;
    private readonly List<PathTemplate> templates;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new(StringComparer.Ordinal);
    private readonly Lock buildLock = new();

    private OpenApiContract(string json, string source)
    {
        document = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException($"{source} is empty.");
        var version = (string?)document["openapi"];
        if (version is null || !version.StartsWith("3.1.", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"{source} is OpenAPI {version ?? "(no version)"}; the response validator reads OpenAPI 3.1 only, where schemas are " +
                "JSON Schema 2020-12 (in 3.0, `nullable: true` is no JSON Schema keyword and would be silently ignored).");
        }

        // Unique per instance: the registry entry must not collide with another document (synthetic ones in tests).
        baseUri = new Uri($"https://contract.smartregion.test/{Guid.NewGuid():N}/openapi.json");
        var registry = new SchemaRegistry();
        registry.Register(baseUri, new JsonElementBaseDocument(JsonDocument.Parse(json).RootElement.Clone(), baseUri));
        buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        templates = (document["paths"]?.AsObject() ?? []).Select(p => new PathTemplate(p.Key)).ToList();
    }

    /// <summary>The committed <c>api-spec/openapi.json</c>, read once per test run.</summary>
    public static OpenApiContract Committed => CommittedDocument.Value;

    public static OpenApiContract Parse(string json, string source = "the OpenAPI document") => new(json, source);

    /// <summary>Null when the response keeps the contract; otherwise every problem found.</summary>
    public ContractViolation? Check(ContractResponse response)
    {
        var template = MatchPath(response.Path);
        if (template is null)
        {
            return new ContractViolation(response, null, null, [new ContractProblem(ContractProblem.UnknownPath, "", $"no path in the document matches {response.Path}")]);
        }

        var method = response.Method.ToLowerInvariant();
        if (document["paths"]![template.Text]?[method] is not JsonObject operation)
        {
            return new ContractViolation(response, null, template.Text, [new ContractProblem(ContractProblem.UnknownMethod, "", $"{template.Text} has no {response.Method} operation")]);
        }

        var operationId = (string?)operation["operationId"];
        var responsesPointer = Pointer("paths", template.Text, method, "responses");
        var (statusKey, documented) = FindResponse(operation["responses"] as JsonObject, response.Status);
        if (documented is null)
        {
            var listed = string.Join(", ", (operation["responses"] as JsonObject ?? []).Select(r => r.Key));
            return new ContractViolation(response, operationId, template.Text, [new ContractProblem(ContractProblem.UndocumentedStatus, "", $"status {response.Status} is not documented (documented: {listed})")]);
        }

        var (responseObject, responsePointer) = Resolve(documented, responsesPointer + "/" + Escape(statusKey!));
        var problems = new List<ContractProblem>();
        CheckHeaders(responseObject, response, problems);
        CheckContent(responseObject, responsePointer, response, problems);
        return problems.Count == 0 ? null : new ContractViolation(response, operationId, template.Text, problems);
    }

    private static void CheckHeaders(JsonObject responseObject, ContractResponse response, List<ContractProblem> problems)
    {
        var present = new HashSet<string>(response.HeaderNames, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, header) in responseObject["headers"] as JsonObject ?? [])
        {
            if ((bool?)header?["required"] == true && !present.Contains(name))
            {
                problems.Add(new ContractProblem(ContractProblem.MissingHeader, name, $"required header {name} is missing"));
            }
        }
    }

    private void CheckContent(JsonObject responseObject, string responsePointer, ContractResponse response, List<ContractProblem> problems)
    {
        var content = responseObject["content"] as JsonObject;
        var hasBody = response.Body.Length > 0;
        if (content is null || content.Count == 0)
        {
            if (hasBody || response.MediaType is not null)
            {
                problems.Add(new ContractProblem(ContractProblem.Body, "", $"the response is documented without a body but has one ({response.MediaType ?? "no content type"}, {response.Body.Length} chars)"));
            }

            return;
        }

        if (response.Status == 304 || response.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        if (!hasBody)
        {
            problems.Add(new ContractProblem(ContractProblem.Body, "", $"the body is empty; documented: {string.Join(", ", content.Select(c => c.Key))}"));
            return;
        }

        var mediaKey = response.MediaType is null ? null : FindMediaType(content, response.MediaType);
        if (mediaKey is null)
        {
            problems.Add(new ContractProblem(ContractProblem.ContentType, "", $"content type {response.MediaType ?? "(none)"} is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})"));
            return;
        }

        if (content[mediaKey]?["schema"] is null || !IsJson(response.MediaType!))
        {
            return;
        }

        JsonDocument body;
        try
        {
            body = JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            problems.Add(new ContractProblem(ContractProblem.Body, "", $"the {response.MediaType} body is not JSON: {e.Message}"));
            return;
        }

        using (body)
        {
            var schema = SchemaAt(responsePointer + "/" + Pointer("content", mediaKey, "schema")[1..]);
            var results = schema.Evaluate(body.RootElement, Evaluation);
            if (results.IsValid)
            {
                return;
            }

            foreach (var detail in Flatten(results).Where(d => d.Errors is { Count: > 0 }))
            {
                foreach (var (keyword, message) in detail.Errors!)
                {
                    problems.Add(new ContractProblem(ContractProblem.Body, detail.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/", $"{keyword}: {message} (schema {SchemaName(detail)}, reached via {detail.EvaluationPath})"));
                }
            }

            if (!problems.Any(p => p.Kind == ContractProblem.Body))
            {
                problems.Add(new ContractProblem(ContractProblem.Body, "/", "the body does not validate against its schema"));
            }
        }
    }

    /// <summary>
    /// What keeps <paramref name="json"/> from validating against the component schema <paramref name="name"/> (empty:
    /// it validates). For bodies that must have exactly one of the shapes an operation documents, such as a public
    /// read's answer, where the operation itself allows the full shape too (<c>anyOf</c>).
    /// </summary>
    public IReadOnlyList<string> ViolationsOfComponent(string name, string json)
    {
        using var body = JsonDocument.Parse(json);
        var results = SchemaAt(Pointer("components", "schemas", name)).Evaluate(body.RootElement, Evaluation);
        return results.IsValid
            ? []
            : Flatten(results).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(error => $"{d.InstanceLocation}: {error.Key}: {error.Value} (schema {SchemaName(d)})")).ToList();
    }

    /// <summary>Where in the document the failing keyword sits, e.g. <c>#/components/schemas/MemberResponse/properties/contact</c>.</summary>
    private string SchemaName(EvaluationResults detail)
    {
        var location = detail.SchemaLocation.ToString();
        return location.StartsWith(baseUri.ToString(), StringComparison.Ordinal) ? Uri.UnescapeDataString(location[baseUri.ToString().Length..]) : location;
    }

    /// <summary>
    /// The failing nodes of a hierarchical result, each with its instance location. A valid node's children are
    /// skipped: the failed branch of a passing <c>oneOf</c> (such as <c>{"type":"null"}</c> for a present value)
    /// is no error. The flat list output cannot tell those apart, so the tree is walked instead.
    /// </summary>
    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults results) =>
        results.IsValid ? [] : [results, .. (results.Details ?? []).SelectMany(Flatten)];

    /// <summary>A schema that refers to <paramref name="pointer"/> inside the registered document, built once.</summary>
    private JsonSchema SchemaAt(string pointer)
    {
        if (schemas.TryGetValue(pointer, out var cached))
        {
            return cached;
        }

        // Building registers into the shared registry, which is not made for concurrent writers.
        lock (buildLock)
        {
            return schemas.GetOrAdd(pointer, p =>
            {
                var reference = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$ref"] = baseUri + "#" + string.Join("/", p.Split('/').Select(Uri.EscapeDataString)),
                };
                return JsonSchema.Build(JsonSerializer.SerializeToElement(reference), buildOptions);
            });
        }
    }

    /// <summary>OpenAPI's rule: a concrete path wins over a templated one; among templates, the earliest literal segment wins.</summary>
    private PathTemplate? MatchPath(string path)
    {
        var segments = path.Split('/');
        return templates
            .Where(t => t.Matches(segments))
            .OrderByDescending(t => t.Specificity, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static (string? Key, JsonNode? Response) FindResponse(JsonObject? responses, int status)
    {
        if (responses is null)
        {
            return (null, null);
        }

        foreach (var key in new[] { status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{status / 100}XX", "default" })
        {
            var match = responses.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase));
            if (match.Value is not null)
            {
                return (match.Key, match.Value);
            }
        }

        return (null, null);
    }

    private static string? FindMediaType(JsonObject content, string mediaType)
    {
        var type = mediaType.Split('/')[0];
        return content.Select(c => c.Key).FirstOrDefault(k => string.Equals(MediaTypeOnly(k), mediaType, StringComparison.OrdinalIgnoreCase))
            ?? content.Select(c => c.Key).FirstOrDefault(k => string.Equals(MediaTypeOnly(k), type + "/*", StringComparison.OrdinalIgnoreCase))
            ?? content.Select(c => c.Key).FirstOrDefault(k => MediaTypeOnly(k) == "*/*");
    }

    private static string MediaTypeOnly(string key) => key.Split(';')[0].Trim();

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Follows OpenAPI-level <c>$ref</c>s (e.g. <c>#/components/responses/X</c>), keeping the pointer of the target.</summary>
    private (JsonObject Node, string Pointer) Resolve(JsonNode node, string pointer)
    {
        for (var hops = 0; hops < 10 && (string?)node["$ref"] is { } reference && reference.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            pointer = reference[1..];
            node = pointer.Split('/').Skip(1).Aggregate<string, JsonNode?>(document, (n, part) => n?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                ?? throw new InvalidOperationException($"Unresolvable reference {reference}.");
        }

        return (node.AsObject(), pointer);
    }

    private static string Pointer(params string[] parts) => string.Concat(parts.Select(p => "/" + Escape(p)));

    private static string Escape(string part) => part.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static OpenApiContract LoadCommitted() => Parse(File.ReadAllText(SpecFilePath), SpecFile);

    /// <summary>The committed document's full path in this checkout.</summary>
    public static string SpecFilePath
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SmartRegion.sln")))
                {
                    return Path.Combine(directory.FullName, SpecFile);
                }
            }

            throw new InvalidOperationException($"No SmartRegion.sln above {AppContext.BaseDirectory}.");
        }
    }

    private sealed class PathTemplate
    {
        private readonly string[] segments;

        public PathTemplate(string text)
        {
            Text = text;
            segments = text.Split('/');

            // Literal segments sort before parameters, left to right: "/a/b/{x}" beats "/a/{y}/c" beats "/a/{y}/{z}".
            Specificity = string.Concat(segments.Select(s => IsParameter(s) ? '0' : '1'));
        }

        public string Text { get; }

        public string Specificity { get; }

        public bool Matches(string[] path) =>
            path.Length == segments.Length
            && segments.Zip(path).All(pair => IsParameter(pair.First) ? pair.Second.Length > 0 : string.Equals(pair.First, pair.Second, StringComparison.Ordinal));

        private static bool IsParameter(string segment) => segment.StartsWith('{') && segment.EndsWith('}');
    }
}
