using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartRegion.IntegrationTests.OpenApi;

/// <summary>
/// What the document tells a newcomer before the first call: an example body for every operation that takes one
/// (valid against its own schema, so it can be sent as it is), and a description that says what the operation
/// does and who may call it.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private const string SchemaPrefix = "#/components/schemas/";

    [Fact]
    public async Task Every_request_body_schema_and_every_input_schema_it_uses_has_an_example_that_validates()
    {
        var text = await ServedDocumentTextAsync();
        var document = JsonNode.Parse(text)!.AsObject();
        var schemas = document["components"]!["schemas"]!.AsObject();

        var bodies = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (path, method, operation) in Operations(document))
        {
            if (operation["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema)
            {
                continue;
            }

            var reference = (string?)schema["$ref"];
            Assert.True(
                reference?.StartsWith(SchemaPrefix, StringComparison.Ordinal) == true,
                $"{method.ToUpperInvariant()} {path}: the JSON body is not a component schema, so it carries no example.");
            bodies.Add(reference![SchemaPrefix.Length..]);
        }

        // The nested inputs (contact, council resolution, votes, attendance) need examples of their own: a client
        // generator shows them where the object is built, not only inside the outer example.
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in bodies)
        {
            CollectReferences(schemas, name, reached);
        }

        var objects = reached.Where(name => schemas[name]?["properties"] is JsonObject { Count: > 0 }).ToList();
        Assert.NotEmpty(objects);

        var evaluator = new ComponentEvaluator(text);
        var problems = new List<string>();
        foreach (var name in objects)
        {
            if (schemas[name]!["examples"] is not JsonArray { Count: > 0 } examples)
            {
                problems.Add($"{name}: no examples (implement IHasExample<{name}> on the request type).");
                continue;
            }

            foreach (var (example, index) in examples.Select((example, index) => (example, index)))
            {
                Assert.True(example is JsonObject { Count: > 0 }, $"{name}: example {index} is not a non-empty object.");
                problems.AddRange(evaluator.Problems(name, example!).Select(problem => $"{name} example {index}: {problem}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_operation_says_what_it_does_beyond_its_summary_and_who_may_call_it()
    {
        var operations = Operations(await ServedDocumentAsync()).ToList();
        Assert.NotEmpty(operations);
        var problems = new List<string>();
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path} ({(string?)operation["operationId"]})";
            var description = (string?)operation["description"] ?? string.Empty;
            var split = description.LastIndexOf("\n\n", StringComparison.Ordinal);
            var who = split < 0 ? description : description[(split + 2)..];
            var what = split < 0 ? string.Empty : description[..split].Trim();
            var summary = ((string?)operation["summary"] ?? string.Empty).Trim().TrimEnd('.');

            if (!(who.StartsWith("Who may call it: ", StringComparison.Ordinal) || who.StartsWith("Public: ", StringComparison.Ordinal)) || !who.EndsWith('.'))
            {
                problems.Add($"{where}: the description does not end with a \"Who may call it:\" or \"Public:\" sentence.");
            }

            if (what.Length == 0 || string.Equals(what.TrimEnd('.'), summary, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{where}: the description only repeats the summary; give the request type a <summary> (or the endpoint WithDescription).");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>The component and every component its properties refer to, at any depth.</summary>
    private static void CollectReferences(JsonObject schemas, string name, ISet<string> reached)
    {
        if (!reached.Add(name))
        {
            return;
        }

        foreach (var reference in References(schemas[name]))
        {
            CollectReferences(schemas, reference, reached);
        }
    }

    private static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(property =>
            property.Key == "$ref" && (string?)property.Value is { } reference && reference.StartsWith(SchemaPrefix, StringComparison.Ordinal)
                ? [reference[SchemaPrefix.Length..]]
                : References(property.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };

    /// <summary>
    /// Evaluates a value against a component schema of the document (JSON Schema 2020-12, formats asserted), with the
    /// whole document registered so nested <c>$ref</c>s resolve, as the response contract does.
    /// </summary>
    private sealed class ComponentEvaluator
    {
        private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

        private readonly Uri baseUri = new($"https://examples.smartregion.test/{Guid.NewGuid():N}/openapi.json");
        private readonly BuildOptions buildOptions;

        public ComponentEvaluator(string documentText)
        {
            var registry = new SchemaRegistry();
            registry.Register(baseUri, new JsonElementBaseDocument(JsonDocument.Parse(documentText).RootElement.Clone(), baseUri));
            buildOptions = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        }

        public List<string> Problems(string componentName, JsonNode value)
        {
            var reference = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$ref"] = $"{baseUri}#/components/schemas/{Uri.EscapeDataString(componentName)}",
            };
            var schema = JsonSchema.Build(JsonSerializer.SerializeToElement(reference), buildOptions);
            var results = schema.Evaluate(JsonSerializer.SerializeToElement(value), Evaluation);
            if (results.IsValid)
            {
                return [];
            }

            var errors = (results.Details ?? [])
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation}: {error.Key}: {error.Value}"))
                .ToList();
            return errors.Count > 0 ? errors : ["does not validate against its schema"];
        }
    }
}
