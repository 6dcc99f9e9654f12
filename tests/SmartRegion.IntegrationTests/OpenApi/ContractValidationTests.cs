using System.Net;
using System.Text;
using SmartRegion.IntegrationTests.Infrastructure.Contract;

namespace SmartRegion.IntegrationTests.OpenApi;

/// <summary>
/// The response validator that every test client carries: it catches each kind of drift between a response and
/// the document, names the operation and the JSON path, and lets through only what the document promises.
/// Synthetic OpenAPI 3.1 documents keep these tests independent of today's API.
/// </summary>
[Collection(SqliteCollection.Name)]
public sealed class ContractValidationTests(SqliteApp app)
{
    private const string ProjectPath = "/api/v1/regions/kreis-warendorf/projects/0195f3c4-1c2d-7a00-8000-000000000001";

    private const string Document = """
        {
          "openapi": "3.1.1",
          "info": { "title": "synthetic", "version": "v1" },
          "paths": {
            "/api/v1/regions/{slug}/projects/{id}": {
              "get": {
                "operationId": "getProject",
                "responses": {
                  "200": {
                    "description": "OK",
                    "headers": { "ETag": { "required": true, "schema": { "type": "string" } } },
                    "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ProjectResponse" } } }
                  },
                  "304": { "description": "Not modified", "headers": { "ETag": { "required": true, "schema": { "type": "string" } } } },
                  "404": { "$ref": "#/components/responses/NotFound" }
                }
              },
              "delete": { "operationId": "deleteProject", "responses": { "204": { "description": "Deleted" } } }
            },
            "/api/v1/regions/{slug}/projects/export": {
              "get": {
                "operationId": "exportProjects",
                "responses": {
                  "200": { "description": "OK", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/ProjectResponse" } } } } }
                }
              }
            }
          },
          "components": {
            "responses": {
              "NotFound": { "description": "Not found", "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/ProblemResponse" } } } }
            },
            "schemas": {
              "ProjectResponse": {
                "type": "object",
                "required": ["id", "title", "contact", "startsOn"],
                "properties": {
                  "id": { "type": "string", "format": "uuid" },
                  "title": { "type": "string" },
                  "version": { "type": "integer", "format": "int32" },
                  "contact": { "oneOf": [{ "type": "null" }, { "$ref": "#/components/schemas/Contact" }] },
                  "startsOn": { "type": ["string", "null"], "format": "date" }
                },
                "additionalProperties": false
              },
              "Contact": { "type": "object", "required": ["name"], "properties": { "name": { "type": "string" } } },
              "ProblemResponse": { "type": "object", "required": ["status"], "properties": { "status": { "type": "integer" } } }
            }
          }
        }
        """;

    private const string ValidProject = """{"id":"0195f3c4-1c2d-7a00-8000-000000000001","title":"Glasfaser","version":1,"contact":{"name":"Kim"},"startsOn":"2025-03-28"}""";

    private static readonly OpenApiContract Contract = OpenApiContract.Parse(Document, "synthetic.json");

    [Fact]
    public void A_response_that_keeps_the_contract_passes()
    {
        Assert.Null(Contract.Check(Get(200, "application/json", ValidProject, "ETag")));
        Assert.Null(Contract.Check(Get(200, "application/json", """{"id":"0195f3c4-1c2d-7a00-8000-000000000001","title":"x","contact":null,"startsOn":null}""", "ETag")));
        Assert.Null(Contract.Check(Get(304, null, "", "ETag")));
        Assert.Null(Contract.Check(Get(404, "application/problem+json", """{"status":404}""")));
        Assert.Null(Contract.Check(new ContractResponse("DELETE", ProjectPath, 204, null, [], "")));
    }

    [Fact]
    public void A_property_of_the_wrong_type_is_reported_with_operation_and_JSON_path()
    {
        var violation = Violation(Get(200, "application/json", ValidProject.Replace("\"Glasfaser\"", "5", StringComparison.Ordinal), "ETag"));

        var problem = Assert.Single(violation.Problems);
        Assert.Equal(ContractProblem.Body, problem.Kind);
        Assert.Equal("/title", problem.Location);
        Assert.Contains("type", problem.Message, StringComparison.Ordinal);
        var message = violation.ToString();
        Assert.Contains("getProject", message, StringComparison.Ordinal);
        Assert.Contains($"GET {ProjectPath}", message, StringComparison.Ordinal);
        Assert.Contains("/api/v1/regions/{slug}/projects/{id}", message, StringComparison.Ordinal);
        Assert.Contains("status 200", message, StringComparison.Ordinal);
        Assert.Contains("/title", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_property_an_unknown_one_and_errors_behind_a_ref_are_reported()
    {
        var missing = Violation(Get(200, "application/json", """{"id":"0195f3c4-1c2d-7a00-8000-000000000001","contact":null,"startsOn":null}""", "ETag"));
        Assert.Contains(missing.Problems, p => p is { Kind: ContractProblem.Body, Location: "/" } && p.Message.StartsWith("required", StringComparison.Ordinal) && p.Message.Contains("title", StringComparison.Ordinal));

        var unknown = Violation(Get(200, "application/json", ValidProject.Replace("{\"id\"", "{\"extra\":1,\"id\"", StringComparison.Ordinal), "ETag"));
        Assert.Contains(unknown.Problems, p => p.Location == "/extra");

        var nested = Violation(Get(200, "application/json", ValidProject.Replace("{\"name\":\"Kim\"}", "{\"name\":false}", StringComparison.Ordinal), "ETag"));
        Assert.Contains(nested.Problems, p => p.Location == "/contact/name" && p.Message.StartsWith("type", StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_that_breaks_its_format_is_reported()
    {
        var violation = Violation(Get(200, "application/json", ValidProject.Replace("2025-03-28", "28.03.2025", StringComparison.Ordinal), "ETag"));

        Assert.Contains(violation.Problems, p => p.Location == "/startsOn" && p.Message.StartsWith("format", StringComparison.Ordinal));
    }

    [Fact]
    public void An_undocumented_status_is_reported()
    {
        var violation = Violation(Get(400, "application/problem+json", """{"status":400}"""));

        var problem = Assert.Single(violation.Problems);
        Assert.Equal(ContractProblem.UndocumentedStatus, problem.Kind);
        Assert.Contains("400", problem.Message, StringComparison.Ordinal);
        Assert.Equal("getProject", violation.OperationId);
    }

    [Fact]
    public void A_content_type_other_than_the_documented_one_is_reported_and_charset_is_ignored()
    {
        var violation = Violation(Get(404, "application/json", """{"status":404}"""));

        var problem = Assert.Single(violation.Problems);
        Assert.Equal(ContractProblem.ContentType, problem.Kind);
        Assert.Contains("application/problem+json", problem.Message, StringComparison.Ordinal);

        // The handler passes the media type without parameters, as HttpClient parses it.
        Assert.Null(Contract.Check(Get(404, "application/problem+json", """{"status":404}""")));
    }

    [Fact]
    public void A_missing_required_header_an_unexpected_body_and_a_missing_one_are_reported()
    {
        var header = Violation(Get(200, "application/json", ValidProject));
        Assert.Contains(header.Problems, p => p is { Kind: ContractProblem.MissingHeader, Location: "ETag" });

        var unexpected = Violation(new ContractResponse("DELETE", ProjectPath, 204, "application/json", [], "{}"));
        Assert.Contains(unexpected.Problems, p => p.Kind == ContractProblem.Body);

        var empty = Violation(Get(200, null, "", "ETag"));
        Assert.Contains(empty.Problems, p => p.Kind == ContractProblem.Body && p.Message.Contains("empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_paths_and_methods_are_reported()
    {
        Assert.Equal(ContractProblem.UnknownPath, Assert.Single(Violation(new ContractResponse("GET", "/api/v1/nowhere", 404, null, [], "")).Problems).Kind);

        var method = Violation(new ContractResponse("PUT", ProjectPath, 200, null, [], ""));
        Assert.Equal(ContractProblem.UnknownMethod, Assert.Single(method.Problems).Kind);
        Assert.Equal("/api/v1/regions/{slug}/projects/{id}", method.PathTemplate);
    }

    [Fact]
    public void A_literal_path_segment_wins_over_a_template()
    {
        var export = new ContractResponse("GET", "/api/v1/regions/kreis-warendorf/projects/export", 200, "application/json", [], $"[{ValidProject}]");
        Assert.Null(Contract.Check(export));

        var wrong = Violation(export with { Body = "[{\"id\":1}]" });
        Assert.Equal("exportProjects", wrong.OperationId);
        Assert.Contains(wrong.Problems, p => p.Location == "/0/id");
    }

    [Fact]
    public void An_OpenAPI_3_0_document_is_refused_rather_than_misread()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OpenApiContract.Parse(Document.Replace("3.1.1", "3.0.4", StringComparison.Ordinal), "old.json"));

        Assert.Contains("3.0.4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_handler_throws_on_a_violation_keeps_the_body_readable_and_honours_an_explicit_exemption()
    {
        using var invalid = ClientAnswering(HttpStatusCode.BadRequest, "application/problem+json", """{"status":400}""");
        var error = await Assert.ThrowsAsync<ContractViolationException>(() => invalid.GetAsync(ProjectPath));
        Assert.Contains("getProject", error.Message, StringComparison.Ordinal);
        Assert.Equal(400, error.Violation.Response.Status);

        using var exempted = new HttpRequestMessage(HttpMethod.Get, ProjectPath).OutsideContract("this test sends a request outside the contract on purpose");
        Assert.Equal(HttpStatusCode.BadRequest, (await invalid.SendAsync(exempted)).StatusCode);

        using var valid = ClientAnswering(HttpStatusCode.OK, "application/json", ValidProject, etag: "\"1\"");
        var response = await valid.GetAsync(ProjectPath);
        Assert.Equal(ValidProject, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Only_clients_made_by_the_app_can_be_exempted_and_only_with_a_reason()
    {
        using var foreign = new HttpClient();
        Assert.Throws<InvalidOperationException>(() => foreign.OutsideContract("why"));

        using var client = app.Anonymous();
        Assert.Throws<ArgumentException>(() => client.OutsideContract(" "));

        // A real request through the app is validated against the committed document.
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static ContractResponse Get(int status, string? mediaType, string body, params string[] headers) =>
        new("GET", ProjectPath, status, mediaType, headers, body);

    private static ContractViolation Violation(ContractResponse response) =>
        Contract.Check(response) ?? throw new InvalidOperationException($"Expected a violation for {response}.");

    private static HttpClient ClientAnswering(HttpStatusCode status, string mediaType, string body, string? etag = null) =>
        ContractValidatingHandler.CreateClient(Contract, handler =>
        {
            handler.InnerHandler = new CannedHandler(status, mediaType, body, etag);
            return new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        });

    private sealed class CannedHandler(HttpStatusCode status, string mediaType, string body, string? etag) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType), RequestMessage = request };
            if (etag is not null)
            {
                response.Headers.TryAddWithoutValidation("ETag", etag);
            }

            return Task.FromResult(response);
        }
    }
}
