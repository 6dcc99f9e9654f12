using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FastEndpoints;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace SmartRegion.IntegrationTests.OpenApi;

/// <summary>
/// The OpenAPI description: the committed <c>api-spec/openapi.json</c> is exactly what the service serves, and every
/// operation carries what the API conventions promise (operationId, summary, tag, parameters, security, problems).
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed partial class OpenApiDocumentTests(SqliteApp app)
{
    private const string DocumentRoute = "/openapi/v1.json";
    private const string SpecFile = "api-spec/openapi.json";
    private const string UpdateVariable = "SMARTREGION_UPDATE_OPENAPI";

    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    [Fact]
    public async Task The_committed_spec_is_the_served_document()
    {
        var served = NormaliseLineEndings(await ServedDocumentTextAsync());
        var specPath = Path.Combine(RepositoryRoot(), SpecFile);
        var committed = File.Exists(specPath) ? NormaliseLineEndings(await File.ReadAllTextAsync(specPath)) : null;
        if (committed == served)
        {
            return;
        }

        if (UpdateRequested())
        {
            await File.WriteAllTextAsync(specPath, served);
            return;
        }

        Assert.Fail(
            $"{SpecFile} is not the document the service serves at {DocumentRoute} ({Difference(committed, served)}). " +
            $"If the API change is intended, regenerate the file with `{UpdateVariable}=1 dotnet test --project tests/SmartRegion.IntegrationTests` " +
            "(never written when CI=true), review the diff and commit it.");
    }

    [Fact]
    public async Task Every_operation_has_a_unique_camelCase_operationId_a_summary_and_a_tag()
    {
        var operations = Operations(await ServedDocumentAsync()).ToList();

        Assert.NotEmpty(operations);
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var operationId = (string?)operation["operationId"];
            Assert.True(operationId is not null && CamelCaseVerbAndNoun().IsMatch(operationId), $"{where}: operationId '{operationId}' is not camelCase verb + noun.");
            Assert.False(string.IsNullOrWhiteSpace((string?)operation["summary"]), $"{where}: no summary.");
            Assert.True(operation["tags"] is JsonArray { Count: > 0 }, $"{where}: no tag.");
        }

        var duplicates = operations.GroupBy(o => (string?)o.Operation["operationId"]).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public async Task Operations_require_an_ApiKey_or_a_bearer_token_exactly_when_their_endpoints_require_credentials()
    {
        var document = await ServedDocumentAsync();
        var anonymousById = NamedEndpoints().ToDictionary(e => e.Name, e => e.Anonymous);
        var publicReadById = NamedEndpoints().ToDictionary(e => e.Name, e => e.PublicRead);

        var scheme = document["components"]?["securitySchemes"]?["ApiKey"];
        Assert.NotNull(scheme);
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("Authorization", (string?)scheme["name"]);
        Assert.Contains("ApiKey <key>", (string?)scheme["description"], StringComparison.Ordinal);
        var bearer = document["components"]?["securitySchemes"]?["Bearer"];
        Assert.NotNull(bearer);
        Assert.Equal(("http", "bearer", "JWT"), ((string?)bearer["type"], (string?)bearer["scheme"], (string?)bearer["bearerFormat"]));

        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var operationId = (string)operation["operationId"]!;
            Assert.True(anonymousById.TryGetValue(operationId, out var anonymous), $"{where}: no endpoint is named '{operationId}'.");
            var requirements = operation["security"] as JsonArray ?? [];
            if (anonymous || path.StartsWith("/health/", StringComparison.Ordinal))
            {
                Assert.True(anonymous, $"{where}: health probes are public.");
                Assert.True(requirements.Count == 0, $"{where}: a public operation lists a security requirement.");
                continue;
            }

            // Alternatives: one requirement per scheme, each alone enough; the empty one (no credential) exactly on the
            // operations that allow public reads.
            Assert.Equal(
                publicReadById[operationId] ? ["", "ApiKey", "Bearer"] : ["ApiKey", "Bearer"],
                requirements.OfType<JsonObject>().Select(requirement => string.Join("+", requirement.Select(p => p.Key))).Order(StringComparer.Ordinal));
            Assert.True(operation["responses"]?["401"] is not null, $"{where}: a secured operation does not document 401.");
        }
    }

    [Fact]
    public async Task Every_route_segment_is_a_required_path_parameter()
    {
        foreach (var (path, method, operation) in Operations(await ServedDocumentAsync()))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var segments = RouteSegment().Matches(path).Select(m => m.Groups[1].Value).ToList();
            var pathParameters = Parameters(operation).Where(p => (string?)p["in"] == "path").ToList();
            foreach (var segment in segments)
            {
                var parameter = pathParameters.SingleOrDefault(p => (string?)p["name"] == segment);
                Assert.True(parameter is not null, $"{where}: no path parameter '{segment}'.");
                Assert.True((bool?)parameter["required"] == true, $"{where}: path parameter '{segment}' is not required.");
                Assert.NotNull(parameter["schema"]);
            }

            Assert.Equal(segments.Order(StringComparer.Ordinal), pathParameters.Select(p => (string)p["name"]!).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task Request_bodies_hold_no_route_or_query_bound_properties_and_reads_have_none()
    {
        var document = await ServedDocumentAsync();
        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            if (operation["requestBody"] is not JsonObject body)
            {
                continue;
            }

            Assert.True(method is not ("get" or "delete" or "head"), $"{where}: has a request body.");
            var boundNames = Parameters(operation).Select(p => (string)p["name"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (contentType, media) in body["content"]?.AsObject() ?? [])
            {
                var properties = Resolve(document, media?["schema"])?["properties"]?.AsObject() ?? [];
                var leaked = properties.Select(p => p.Key).Where(boundNames.Contains).ToList();
                Assert.True(leaked.Count == 0, $"{where}: the {contentType} body repeats parameters {string.Join(", ", leaked)}.");
            }
        }
    }

    [Fact]
    public void Read_requests_take_input_only_from_route_and_query_parameters()
    {
        // FastEndpoints binds any matching query key to any request property; only [QueryParam] ones are documented.
        var undocumented =
            from endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            let requestType = endpoint.Metadata.GetMetadata<EndpointDefinition>()?.ReqDtoType
            where requestType is not null && endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") == true
            let routeNames = endpoint.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            from property in requestType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            where property.CanWrite && !routeNames.Contains(property.Name) && !property.IsDefined(typeof(QueryParamAttribute), inherit: true)
            select $"{requestType.Name}.{property.Name}";

        Assert.Empty(undocumented);
    }

    [Fact]
    public async Task Errors_are_documented_as_problem_details_and_every_api_operation_can_answer_503()
    {
        var document = await ServedDocumentAsync();
        foreach (var (path, method, operation) in Operations(document))
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.Any(r => r.Key.StartsWith('2')), $"{where}: no success response.");
            foreach (var (status, response) in responses.Where(r => r.Key.StartsWith('4') || (r.Key.StartsWith('5') && path.StartsWith("/api/", StringComparison.Ordinal))))
            {
                var schema = response?["content"]?[OpenApiMetadata.ProblemContentType]?["schema"];
                Assert.True(
                    (string?)schema?["$ref"] == "#/components/schemas/ProblemResponse",
                    $"{where}: response {status} is not {OpenApiMetadata.ProblemContentType} with the ProblemResponse schema.");
            }

            if (path.StartsWith("/api/", StringComparison.Ordinal))
            {
                Assert.True(responses["503"]?["headers"]?["Retry-After"] is not null, $"{where}: no 503 with Retry-After.");
            }
        }
    }

    [Fact]
    public async Task Operations_that_can_answer_428_and_only_those_require_If_Match()
    {
        var operations = Operations(await ServedDocumentAsync()).ToList();
        Assert.Contains(operations, o => o.Operation["responses"]?["428"] is not null);
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var ifMatch = HeaderParameter(operation, "If-Match");
            if (operation["responses"]?["428"] is null)
            {
                Assert.True(ifMatch is null, $"{where}: documents If-Match but cannot answer 428 without it.");
                continue;
            }

            Assert.True(ifMatch is not null, $"{where}: can answer 428 but does not document the If-Match header.");
            // An upsert creates without If-Match and replaces only with it: there it is optional, elsewhere required.
            var isUpsert = method == "put" && operation["responses"]?["201"] is not null;
            Assert.True(((bool?)ifMatch["required"] ?? false) == !isUpsert, $"{where}: If-Match is {(isUpsert ? "required on an upsert, which creates without it" : "not required")}.");
            Assert.Equal("string", (string?)ifMatch["schema"]?["type"]);
            Assert.Contains("ETag", (string?)ifMatch["description"], StringComparison.Ordinal);
            Assert.True(operation["responses"]?["412"] is not null, $"{where}: requires If-Match but does not document 412.");
        }
    }

    [Fact]
    public async Task Reads_that_can_answer_304_take_If_None_Match_and_the_304_carries_the_ETag()
    {
        var operations = Operations(await ServedDocumentAsync()).ToList();
        Assert.Contains(operations, o => o.Operation["responses"]?["304"] is not null);
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var ifNoneMatch = HeaderParameter(operation, "If-None-Match");
            var notModified = operation["responses"]?["304"];
            if (notModified is null)
            {
                Assert.True(ifNoneMatch is null, $"{where}: documents If-None-Match but cannot answer 304.");
                continue;
            }

            Assert.Equal("get", method);
            Assert.True(ifNoneMatch is not null, $"{where}: can answer 304 but does not document the If-None-Match header.");
            Assert.True((bool?)ifNoneMatch["required"] != true, $"{where}: If-None-Match is required.");
            Assert.Equal("string", (string?)ifNoneMatch["schema"]?["type"]);
            Assert.True(ResponseHeader(notModified, "ETag") is not null, $"{where}: the 304 has no ETag header.");
            Assert.True(ResponseHeader(operation["responses"]?["200"], "ETag") is not null, $"{where}: a conditional read's 200 has no ETag header.");
        }
    }

    [Fact]
    public async Task Every_api_POST_takes_an_Idempotency_Key_and_documents_its_409_and_422()
    {
        var operations = Operations(await ServedDocumentAsync()).ToList();
        Assert.Contains(operations, o => o.Method == "post");
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var key = HeaderParameter(operation, IdempotencyMiddleware.HeaderName);
            var secured = operation["security"] is JsonArray { Count: > 0 };
            if (method != "post" || !path.StartsWith("/api/", StringComparison.Ordinal) || !secured || SecretAnswers.Contains((string)operation["operationId"]!)
                || SecretOfResourceAnswers.Contains((string)operation["operationId"]!))
            {
                Assert.True(key is null, $"{where}: documents {IdempotencyMiddleware.HeaderName}, which only authenticated POSTs honour.");
                continue;
            }

            Assert.True(key is not null, $"{where}: no {IdempotencyMiddleware.HeaderName} header parameter.");
            Assert.True((bool?)key["required"] != true, $"{where}: {IdempotencyMiddleware.HeaderName} is required.");
            Assert.Equal("string", (string?)key["schema"]?["type"]);
            Assert.Equal(IdempotencyMiddleware.MaxKeyLength, (int?)key["schema"]?["maxLength"]);
            Assert.Contains("24 h", (string?)key["description"], StringComparison.Ordinal);
            Assert.Contains("422", (string?)key["description"], StringComparison.Ordinal);

            var responses = operation["responses"]!;
            Assert.True(responses["422"] is not null, $"{where}: no 422 for a key reused with another body.");
            Assert.True(responses["409"] is not null, $"{where}: no 409 for a key whose first request is still in progress.");
            Assert.Contains(IdempotencyMiddleware.HeaderName, (string?)responses["409"]!["description"], StringComparison.Ordinal);
            Assert.Contains(IdempotencyMiddleware.HeaderName, (string?)responses["422"]!["description"], StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Creations whose answer holds a secret shown once: never stored for an idempotent replay (an
    /// <c>Idempotency-Key</c> is 400), and without ETag or Location, since a key has no version (nothing of it is
    /// editable) and no read of its own beyond the lists.
    /// </summary>
    private static readonly HashSet<string> SecretAnswers = new(StringComparer.Ordinal) { "createApiKey", "createRegionApiKey" };

    /// <summary>Answers with a secret of a versioned resource (webhook signing secrets): not replayed either, but with ETag and Location.</summary>
    private static readonly HashSet<string> SecretOfResourceAnswers = new(StringComparer.Ordinal) { "createWebhookSubscription", "rotateWebhookSecret" };

    [Fact]
    public async Task Success_responses_document_ETag_Location_and_Link()
    {
        var document = await ServedDocumentAsync();
        var operations = Operations(document).ToList();
        foreach (var (path, method, operation) in operations)
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var responses = operation["responses"]!.AsObject();
            var validated = responses.ContainsKey("304") || responses.ContainsKey("428");
            foreach (var (status, response) in responses.Where(r => r.Key is "200" or "201"))
            {
                // JSON or a JSON media type of its own (application/ld+json of the open-data catalog); a calendar
                // (text/calendar) is a body like a JSON one: conditional reads of it carry an ETag too.
                var json = (response?["content"] as JsonObject)?.FirstOrDefault(media => media.Key == "application/json" || media.Key.EndsWith("+json", StringComparison.Ordinal)).Value;
                var declared = json?["schema"] ?? response?["content"]?["text/calendar"]?["schema"];
                if (declared?["anyOf"] is JsonArray { Count: 2 } alternatives)
                {
                    // A public read: the full answer first, the public one second; both must be the same kind of answer.
                    declared = alternatives[0];
                    var publicSchema = Resolve(document, alternatives[1]);
                    Assert.True(
                        (publicSchema?["properties"]?["items"] is not null) == (Resolve(document, declared)?["properties"]?["items"] is not null),
                        $"{where}: the public answer is not the same kind (page or resource) as the full one.");
                }

                var schema = Resolve(document, declared);
                var isResource = schema?["properties"]?["version"] is not null;
                // A page of a list (items + nextCursor) or another paged answer (the participation matrix pages its columns).
                var isPage = schema?["properties"] is JsonObject properties && properties.ContainsKey("nextCursor");
                var etag = ResponseHeader(response, "ETag");

                var secretAnswer = SecretAnswers.Contains((string)operation["operationId"]!);
                if (isResource || (schema is not null && validated) || (status == "201" && !secretAnswer))
                {
                    Assert.True(etag is not null, $"{where}: the {status} response has no ETag header.");
                    Assert.True((bool?)etag["required"] == true, $"{where}: the {status} response's ETag is not marked as always sent.");
                }
                else
                {
                    Assert.True(etag is null, $"{where}: the {status} response documents an ETag for a body without a version.");
                }

                var location = ResponseHeader(response, "Location");
                Assert.True((status == "201" && !secretAnswer) == (location is not null), $"{where}: Location belongs on every 201 and nowhere else, and the {status} response has {(location is null ? "none" : "one")}.");

                var link = ResponseHeader(response, "Link");
                var expectLink = isPage && method == "get" && status == "200";
                Assert.True(expectLink == (link is not null), $"{where}: the {status} response {(expectLink ? "has no" : "should not have a")} Link header.");
                if (link is not null)
                {
                    Assert.Contains("rel=\"next\"", (string?)link["description"], StringComparison.Ordinal);
                }
            }

            foreach (var (status, response) in responses.Where(r => r.Key is not ("200" or "201" or "304")))
            {
                Assert.True(ResponseHeader(response, "ETag") is null, $"{where}: the {status} response documents an ETag.");
            }
        }

        // The rules are not vacuous: each header appears where the conventions promise it.
        var byId = operations.ToDictionary(o => (string)o.Operation["operationId"]!, o => o.Operation["responses"]!);
        Assert.NotNull(ResponseHeader(byId["listRegions"]["200"], "Link"));
        Assert.Null(ResponseHeader(byId["listRegions"]["200"], "ETag"));
        Assert.NotNull(ResponseHeader(byId["createRegion"]["201"], "Location"));
        Assert.NotNull(ResponseHeader(byId["createRegion"]["201"], "ETag"));
        Assert.NotNull(ResponseHeader(byId["getRegion"]["200"], "ETag"));
        Assert.NotNull(ResponseHeader(byId["updateRegion"]["200"], "ETag"));
    }

    [Fact]
    public async Task Lists_document_their_query_parameters()
    {
        var document = await ServedDocumentAsync();
        var listRegions = Operations(document).Single(o => (string?)o.Operation["operationId"] == "listRegions").Operation;
        var query = Parameters(listRegions).Where(p => (string?)p["in"] == "query").ToDictionary(p => (string)p["name"]!);

        Assert.Equal(["cursor", "limit", "modifiedSince"], query.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("integer", (string?)query["limit"]["schema"]!["type"]);
        Assert.Equal(1, (int?)query["limit"]["schema"]!["minimum"]);
        Assert.Equal(PageQuery.MaxLimit, (int?)query["limit"]["schema"]!["maximum"]);
        Assert.Equal("string", (string?)query["cursor"]["schema"]!["type"]);
        Assert.Equal("date-time", (string?)query["modifiedSince"]["schema"]!["format"]);
        Assert.All(query.Values, parameter => Assert.False(string.IsNullOrWhiteSpace((string?)parameter["description"])));
    }

    [Fact]
    public void Enums_are_snake_case_strings_and_dates_are_format_date()
    {
        // No endpoint may use these types yet, so ask the document's schema generator directly.
        var generator = app.Services.GetRequiredService<ISchemaGenerator>();
        var repository = new SchemaRepository();

        var memberKind = generator.GenerateSchema(typeof(MemberKind), repository);
        var memberKindSchema = repository.Schemas[((OpenApiSchemaReference)memberKind).Reference.Id!];
        Assert.Equal(JsonSchemaType.String, memberKindSchema.Type);
        Assert.Equal(["district", "municipality"], memberKindSchema.Enum!.Select(value => value!.GetValue<string>()));

        var date = generator.GenerateSchema(typeof(DateOnly), repository);
        Assert.Equal(JsonSchemaType.String, date.Type);
        Assert.Equal("date", date.Format);
    }

    [Fact]
    public async Task The_swagger_UI_is_served()
    {
        using var client = app.Anonymous().OutsideContract("the Swagger UI is a page for people, not an operation of the API");

        // The test clients follow no redirects: /swagger sends the browser on to the page.
        var entry = await client.GetAsync("/swagger");
        Assert.Equal(HttpStatusCode.MovedPermanently, entry.StatusCode);
        var response = await client.GetAsync(new Uri(new Uri("http://localhost/swagger"), entry.Headers.Location!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> ServedDocumentTextAsync()
    {
        using var client = app.Anonymous().OutsideContract("the OpenAPI document describes the API and is not one of its operations");
        var response = await client.GetAsync(DocumentRoute);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{DocumentRoute} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    private async Task<JsonObject> ServedDocumentAsync() => JsonNode.Parse(await ServedDocumentTextAsync())!.AsObject();

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where HttpMethods.Contains(operation.Key)
        select (path.Key, operation.Key, operation.Value!.AsObject());

    private static IEnumerable<JsonObject> Parameters(JsonObject operation) =>
        (operation["parameters"] as JsonArray ?? []).OfType<JsonObject>();

    private static JsonObject? HeaderParameter(JsonObject operation, string name) =>
        Parameters(operation).SingleOrDefault(p => (string?)p["in"] == "header" && string.Equals((string?)p["name"], name, StringComparison.OrdinalIgnoreCase));

    private static JsonNode? ResponseHeader(JsonNode? response, string name) => response?["headers"]?[name];

    /// <summary>Follows a local <c>$ref</c> to its component, so shared body schemas are checked too.</summary>
    private static JsonNode? Resolve(JsonObject document, JsonNode? schema)
    {
        if ((string?)schema?["$ref"] is not { } reference)
        {
            return schema;
        }

        JsonNode? target = document;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            target = target?[part];
        }

        return target;
    }

    /// <summary>The ground truth for security: the endpoint metadata the authorization middleware reads.</summary>
    private IEnumerable<(string Name, bool Anonymous, bool PublicRead)> NamedEndpoints() =>
        from endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        let name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        where name is not null
        select (name, endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null, endpoint.Metadata.GetMetadata<PublicReadDeclaration>() is not null);

    private static bool UpdateRequested()
    {
        var requested = Environment.GetEnvironmentVariable(UpdateVariable) is "1" or "true";
        var inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Assert.False(requested && inCi, $"{UpdateVariable} is ignored when CI=true: CI checks the committed spec, it never rewrites it.");
        return requested;
    }

    /// <summary>
    /// LF line endings and one final newline, as the repository's .editorconfig keeps text files; otherwise a
    /// checkout with CRLF or an editor adding the final newline would fail the comparison.
    /// </summary>
    private static string NormaliseLineEndings(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n') + "\n";

    private static string Difference(string? committed, string served)
    {
        if (committed is null)
        {
            return "the file does not exist";
        }

        var expected = committed.Split('\n');
        var actual = served.Split('\n');
        var line = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .First(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i]);
        return $"first difference at line {line + 1}: committed `{Line(expected, line)}`, served `{Line(actual, line)}`";
    }

    private static string Line(string[] lines, int index) => index < lines.Length ? lines[index].Trim() : "<end of file>";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SmartRegion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SmartRegion.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("^[a-z]+[A-Z][A-Za-z0-9]*$")]
    private static partial Regex CamelCaseVerbAndNoun();

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex RouteSegment();
}
