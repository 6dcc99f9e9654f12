using System.Net;
using System.Text.Json.Nodes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.OpenApi;

/// <summary>
/// The schemas of the served document say what the wire carries, so generated clients get the types right:
/// nullable behind <c>$ref</c>, <c>required</c> lists, decimal bounds, and the document-level information a
/// newcomer reads first. (That every response the suite receives validates against the committed document is
/// checked for every request by the contract-validating client handler.)
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class OpenApiSchemaTests(SqliteApp app)
{
    private async Task<JsonObject> DocumentAsync()
    {
        var response = await app.Anonymous().OutsideContract("the OpenAPI document itself is not an operation of the API").GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Schema(JsonObject document, string name) => document["components"]!["schemas"]![name]!.AsObject();

    private static JsonObject Property(JsonObject document, string schema, string property) => Schema(document, schema)["properties"]![property]!.AsObject();

    private static string[] Required(JsonObject schema) =>
        schema["required"] is JsonArray required ? required.Select(node => (string)node!).Order(StringComparer.Ordinal).ToArray() : [];

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_with_contact_license_servers_and_tags_in_domain_order()
    {
        var document = await DocumentAsync();

        Assert.StartsWith("3.1.", (string?)document["openapi"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)document["info"]?["contact"]?["name"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)document["info"]?["license"]?["name"]));
        Assert.NotEmpty(document["servers"]!.AsArray());
        var tags = document["tags"]!.AsArray().Select(tag => ((string)tag!["name"]!, (string?)tag["description"])).ToList();
        Assert.Equal(
            ["Regions", "Strategy", "Members", "Fields of action", "Themes", "Projects", "Participations", "Status reports", "Dashboard", "Committee", "Meetings", "Decisions", "Circulations", "Ledger", "Changes", "Webhooks", "Open data", "API keys", "Personal data", "OParl", "Health"],
            tags.Select(tag => tag.Item1));
        Assert.All(tags, tag => Assert.False(string.IsNullOrWhiteSpace(tag.Item2), $"tag {tag.Item1} has no description"));
    }

    [Theory]
    [InlineData("ParticipationResponse", "contact")]
    [InlineData("ParticipationResponse", "councilResolution")]
    [InlineData("MemberResponse", "contact")]
    [InlineData("CirculationSeatResponse", "vote")]
    [InlineData("AttendanceResponse", "status")]
    [InlineData("ProjectHistoryEntryResponse", "fromStatus")]
    [InlineData("ProjectHistoryEntryResponse", "toStatus")]
    [InlineData("ParticipationHistoryEntryResponse", "fromState")]
    public async Task A_nullable_property_behind_a_ref_accepts_null_and_is_still_required(string schema, string property)
    {
        var document = await DocumentAsync();

        var oneOf = Property(document, schema, property)["oneOf"]!.AsArray();
        Assert.Contains(oneOf, option => option?["$ref"] is not null);
        Assert.Contains(oneOf, option => (string?)option?["type"] == "null");
        Assert.Contains(property, Required(Schema(document, schema)));
    }

    [Fact]
    public async Task Response_schemas_require_every_property_the_service_always_writes()
    {
        var document = await DocumentAsync();

        foreach (var name in new[] { "ProjectResponse", "ParticipationResponse", "MemberResponse", "CirculationResponse", "DecisionResponse", "MeetingResponse", "RegionResponse" })
        {
            var schema = Schema(document, name);
            Assert.Equal(schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), Required(schema));
        }

        // `errors` is written only on validation problems, so it is the one optional response property.
        Assert.DoesNotContain("errors", Required(Schema(document, "ProblemResponse")));
        Assert.Contains("type", Required(Schema(document, "ProblemResponse")));
    }

    [Fact]
    public async Task Request_schemas_require_what_the_validator_requires_and_those_fields_are_not_nullable()
    {
        var document = await DocumentAsync();

        var create = Schema(document, "CreateProjectRequest");
        Assert.Equal(["category", "code", "costSharingKey", "fieldOfActionId", "title"], Required(create));
        Assert.Equal("string", (string?)Property(document, "CreateProjectRequest", "fieldOfActionId")["type"]);
        var summaryType = Property(document, "CreateProjectRequest", "summary")["type"]!.AsArray().Select(t => (string)t!);
        Assert.Contains("null", summaryType);
        Assert.Equal(["role"], Required(Schema(document, "PutParticipationRequest")));
        Assert.Equal(["body", "date", "reference"], Required(Schema(document, "CouncilResolutionInput")));
        Assert.False(create["additionalProperties"]?.GetValue<bool>() ?? true, "request bodies refuse unknown properties");
    }

    [Fact]
    public async Task Decimals_are_numbers_in_cents_with_bounds_never_doubles()
    {
        var document = await DocumentAsync();

        Assert.DoesNotContain("\"double\"", document.ToJsonString(), StringComparison.Ordinal);
        var numbers = Numbers(document["components"]!["schemas"]!).ToList();
        Assert.NotEmpty(numbers);
        Assert.All(numbers, number =>
        {
            Assert.Equal(0.01m, number.Schema["multipleOf"]!.GetValue<decimal>());
            Assert.NotNull(number.Schema["minimum"]);
            Assert.NotNull(number.Schema["maximum"]);
        });

        var cost = Property(document, "CreateProjectRequest", "estimatedCost");
        Assert.Equal((0m, MoneyAttribute.Max), (cost["minimum"]!.GetValue<decimal>(), cost["maximum"]!.GetValue<decimal>()));
        var percent = Property(document, "PutParticipationRequest", "customPercent");
        Assert.Equal((0m, 100m), (percent["minimum"]!.GetValue<decimal>(), percent["maximum"]!.GetValue<decimal>()));
        var fte = Property(document, "PutParticipationRequest", "staffFte");
        Assert.Equal((0m, 1000m), (fte["minimum"]!.GetValue<decimal>(), fte["maximum"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Every_412_comes_with_its_If_Match_and_every_idempotent_success_can_say_it_was_replayed()
    {
        var document = await DocumentAsync();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var responses = node!["responses"]!.AsObject();
                var headers = node["parameters"] is JsonArray parameters
                    ? parameters.Where(p => (string?)p!["in"] == "header").Select(p => (string)p!["name"]!).ToList()
                    : [];
                if (responses.ContainsKey("412"))
                {
                    Assert.True(headers.Contains("If-Match"), $"{method.ToUpperInvariant()} {path}: 412 without an If-Match header parameter.");
                }

                if (headers.Contains(IdempotencyMiddleware.HeaderName))
                {
                    foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('2')))
                    {
                        Assert.True(response?["headers"]?[OpenApiMetadata.IdempotentReplayedHeader] is not null, $"{method.ToUpperInvariant()} {path}: {status} does not document {OpenApiMetadata.IdempotentReplayedHeader}.");
                    }
                }
            }
        }
    }

    /// <summary>Every schema whose type is (or includes) <c>number</c>, anywhere below <paramref name="node"/>.</summary>
    private static IEnumerable<(string Path, JsonObject Schema)> Numbers(JsonNode node, string path = "")
    {
        if (node is JsonObject schema)
        {
            var type = schema["type"];
            var isNumber = type is JsonArray types ? types.Any(t => (string?)t == "number") : (type as JsonValue)?.GetValue<string>() == "number";
            if (isNumber)
            {
                yield return (path, schema);
            }

            foreach (var (key, child) in schema)
            {
                if (child is not null && key != "examples")
                {
                    foreach (var found in Numbers(child, path + "/" + key))
                    {
                        yield return found;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is { } item)
                {
                    foreach (var found in Numbers(item, $"{path}/{i}"))
                    {
                        yield return found;
                    }
                }
            }
        }
    }
}
