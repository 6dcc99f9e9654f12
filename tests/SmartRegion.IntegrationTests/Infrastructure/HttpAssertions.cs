using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>Requests and response checks in the API's JSON dialect.</summary>
public static class HttpAssertions
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string route, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyMiddleware.HeaderName, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>POST without a body (commands such as deactivate), with If-Match.</summary>
    public static Task<HttpResponseMessage> PostCommandAsync(this HttpClient client, string route, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, route);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string route, object body, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Put, route, body, ifMatch);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string route, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, route) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Sends raw text as the body, to test malformed JSON and wrong content types.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string route, string body, string contentType = "application/json", string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, route) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string route, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, route);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }

    /// <summary>Asserts the status and reads the JSON body.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, Json) ?? throw new InvalidOperationException("Empty body.");
    }

    /// <summary>Asserts an RFC 9457 problem response with this status (and type, when given) and returns it.</summary>
    public static async Task<ProblemResponse> ShouldBeProblemAsync(this HttpResponseMessage response, HttpStatusCode expected, string? type = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemResponse>(text, Json)!;
        Assert.Equal((int)expected, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title), "A problem has a title.");
        Assert.False(string.IsNullOrEmpty(problem.TraceId), "A problem has a traceId.");
        if (type is not null)
        {
            Assert.Equal(type, problem.Type);
        }

        return problem;
    }

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The response has no ETag.");

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Apply(options);
        // The service refuses unknown request properties; as a client, the suite reads responses tolerantly (the
        // OpenAPI response validation is what holds responses to their schemas).
        options.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip;
        return options;
    }
}
