using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace SmartRegion.IntegrationTests.Features.OParl;

/// <summary>
/// Validates OParl objects against the OParl 1.1.1 JSON schemas copied into <c>Schemas/</c> (CC BY-SA 4.0, see
/// <c>Schemas/LICENSE</c>). The schemas declare no <c>$schema</c>; they are written in draft-04 style and use only
/// keywords that draft-07 reads the same way (<c>type</c>, <c>properties</c>, <c>required</c>, <c>pattern</c>,
/// <c>items</c>), so they are evaluated as draft-07: JsonSchema.Net has no draft-04. Two things the validator cannot
/// know are checked here by hand, exactly as the specification means them: OParl's own format <c>url</c> (an absolute
/// http or https URL), and its keyword <c>schema</c> (<c>"schema": "File.json"</c>: the embedded object must itself be
/// a valid object of that schema), which a JSON Schema validator treats as an unknown annotation.
/// </summary>
public static class OParlSchemas
{
    private static readonly ConcurrentDictionary<string, (JsonSchema Schema, JsonObject Node)> Schemas = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Evaluation = new()
    {
        OutputFormat = OutputFormat.List,
        // date-time and date are checked; OParl's url is unknown to the validator and checked below.
        RequireFormatValidation = true,
    };

    /// <summary>Asserts that <paramref name="json"/> is a valid <paramref name="type"/> (e.g. <c>Meeting</c>), embedded objects included.</summary>
    public static void AssertValid(string type, JsonNode? json)
    {
        var problems = new List<string>();
        Validate(type + ".json", json, "$", problems);
        Assert.True(problems.Count == 0, $"Not a valid OParl {type}:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}{Environment.NewLine}{json}");
    }

    /// <summary>Asserts that every object of an OParl list (<c>data</c>) is a valid <paramref name="type"/> and that the list has OParl's shape.</summary>
    public static void AssertValidList(string type, JsonNode? list)
    {
        Assert.NotNull(list?["data"]);
        Assert.NotNull(list["pagination"]);
        Assert.NotNull(list["links"]?["first"]);
        foreach (var item in list["data"]!.AsArray())
        {
            AssertValid(type, item);
        }
    }

    private static void Validate(string file, JsonNode? json, string path, List<string> problems)
    {
        var (schema, node) = Load(file);
        var element = JsonSerializer.SerializeToElement(json);
        var results = schema.Evaluate(element, Evaluation);
        if (!results.IsValid)
        {
            foreach (var detail in results.Details ?? [])
            {
                foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
                {
                    problems.Add($"{path}{detail.InstanceLocation}: {keyword}: {message}");
                }
            }

            if (problems.Count == 0)
            {
                problems.Add($"{path}: does not validate against {file}");
            }
        }

        if (json is not JsonObject instance)
        {
            return;
        }

        foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
        {
            if (property is null || !instance.TryGetPropertyValue(name, out var value) || value is null)
            {
                continue;
            }

            CheckValue(property, value, $"{path}.{name}", problems);
            if (property["items"] is JsonObject items && value is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    CheckValue(items, array[i], $"{path}.{name}[{i}]", problems);
                }
            }
        }
    }

    private static void CheckValue(JsonNode property, JsonNode? value, string path, List<string> problems)
    {
        if ((string?)property["format"] == "url" && value is JsonValue text && text.TryGetValue<string>(out var url)
            && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            problems.Add($"{path}: '{url}' is not an absolute http(s) URL (OParl format url)");
        }

        if ((string?)property["schema"] is { } embedded && value is JsonObject)
        {
            Validate(embedded, value, path, problems);
        }
    }

    private static (JsonSchema Schema, JsonObject Node) Load(string file) => Schemas.GetOrAdd(file, name =>
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Features", "OParl", "Schemas", name));
        var node = JsonNode.Parse(text)!.AsObject();
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft07 };
        return (JsonSchema.Build(JsonDocument.Parse(text).RootElement.Clone(), options), node);
    });
}
