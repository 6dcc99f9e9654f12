using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.FieldsOfAction;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Conventions;

[Collection(SqliteCollection.Name)]
public sealed class RequestHandlingTestsOnSqlite(SqliteApp app) : RequestHandlingTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class RequestHandlingTestsOnSqlServer(SqlServerApp app) : RequestHandlingTests(app);

/// <summary>
/// How request bodies are read: unknown properties refused, bodiless requests served whatever their content type,
/// bodies limited in size, and validation messages that name JSON properties in the caller's language.
/// </summary>
public abstract class RequestHandlingTests
{
    private const int TwoMebibytes = 2 * 1024 * 1024;
    private readonly SmartRegionApp app;

    protected RequestHandlingTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task An_unknown_property_is_400_naming_it_and_stores_nothing()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await (await coordinator.PostJsonAsync(CreateFieldOfActionRequest.BuildRoute(region.Slug), new CreateFieldOfActionRequest { Name = "Mobilität" }))
            .ReadAsync<FieldOfActionResponse>(HttpStatusCode.Created);

        var response = await coordinator.SendRawAsync(HttpMethod.Post, CreateProjectRequest.BuildRoute(region.Slug), $$"""
            {"code": "LP-01", "title": "Beispiel: Bürgerportal", "category": "lead", "fieldOfActionId": "{{field.Id}}",
             "costSharingKey": "equal", "estimatedCosts": 1000}
            """);

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["The property 'estimatedCosts' is not part of this request."], problem.Errors!["estimatedCosts"]);
        var projects = await (await coordinator.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>();
        Assert.Empty(projects.Items);
    }

    [Fact]
    public async Task An_unknown_property_in_a_nested_object_is_400_with_its_path()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(
            HttpMethod.Post,
            TransitionParticipationRequest.BuildRoute(region.Slug, Guid.CreateVersion7(), region.KreisKey + "004"),
            """{"to": "committed", "councilResolution": {"body": "Rat", "date": "2025-03-01", "reference": "V/2025/1", "minutes": "x"}}""",
            ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["The property 'minutes' is not part of this request."], problem.Errors!["councilResolution.minutes"]);
    }

    /// <summary>
    /// Route-bound properties are not part of a body: the schema does not list them, so a body that repeats one is
    /// refused like any other unknown property (rather than silently losing to the URL).
    /// </summary>
    [Fact]
    public async Task A_route_value_repeated_in_the_body_is_an_unknown_property_and_changes_nothing()
    {
        var region = await app.NewRegionAsync();
        var admin = app.Admin();

        var response = await admin.SendRawAsync(
            HttpMethod.Put, UpdateRegionRequest.BuildRoute(region.Slug), """{"slug": "t-other", "name": "Umbenannt"}""", ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Contains("slug", problem.Errors!.Keys);
        var stored = await (await admin.GetAsync(GetRegionRequest.BuildRoute(region.Slug))).ReadAsync<RegionResponse>();
        Assert.Equal(region.Region.Name, stored.Name);
        Assert.Equal(1, stored.Version);

        // Without it the same request binds the route value and succeeds.
        var updated = await admin.SendRawAsync(HttpMethod.Put, UpdateRegionRequest.BuildRoute(region.Slug), """{"name": "Umbenannt"}""", ifMatch: "\"1\"");
        Assert.Equal("Umbenannt", (await updated.ReadAsync<RegionResponse>()).Name);
    }

    [Fact]
    public async Task A_bodiless_GET_with_a_JSON_content_type_is_served()
    {
        var region = await app.NewRegionAsync();

        var response = await app.Admin().SendAsync(Bodiless(HttpMethod.Get, GetRegionRequest.BuildRoute(region.Slug)));

        Assert.Equal(region.Slug, (await response.ReadAsync<RegionResponse>()).Slug);
    }

    [Fact]
    public async Task A_bodiless_DELETE_with_a_JSON_content_type_is_served()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var theme = await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Nachhaltigkeit" });
        var created = await theme.ReadAsync<ThemeResponse>(HttpStatusCode.Created);

        var request = Bodiless(HttpMethod.Delete, DeleteThemeRequest.BuildRoute(region.Slug, created.Id));
        request.Headers.TryAddWithoutValidation("If-Match", theme.ETag());
        var response = await coordinator.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await coordinator.GetAsync(GetThemeRequest.BuildRoute(region.Slug, created.Id))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bodiless_command_with_a_JSON_content_type_is_served()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ags = region.KreisKey + "004";
        var member = await coordinator.PostJsonAsync(
            CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest { Ags = ags, Kind = MemberKind.Municipality, Name = "Stadt Ahlen" });
        Assert.Equal(HttpStatusCode.Created, member.StatusCode);

        var request = Bodiless(HttpMethod.Post, DeactivateMemberRequest.BuildRoute(region.Slug, ags));
        request.Headers.TryAddWithoutValidation("If-Match", member.ETag());
        var response = await coordinator.SendAsync(request);

        Assert.False((await response.ReadAsync<MemberResponse>()).Active);
    }

    [Fact]
    public async Task The_body_limit_is_one_mebibyte_by_default()
    {
        Assert.Equal(1024 * 1024, app.Service<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_stores_nothing()
    {
        var slug = NewSlug();

        var response = await app.Admin().SendRawAsync(HttpMethod.Post, CreateRegionRequest.Route, LargeRegion(slug));

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_chunked_body_over_the_limit_is_413_and_stores_nothing(bool withIdempotencyKey)
    {
        var slug = NewSlug();
        var request = new HttpRequestMessage(HttpMethod.Post, CreateRegionRequest.Route) { Content = new UnknownLengthContent(LargeRegion(slug)) };
        if (withIdempotencyKey)
        {
            // The idempotency middleware reads the body first, to hash it.
            request.Headers.Add(IdempotencyMiddleware.HeaderName, Guid.NewGuid().ToString());
        }

        var response = await app.Admin().SendAsync(request);

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_body_limit_is_configurable()
    {
        using var small = app.WithWebHostBuilder(builder => builder.UseSetting("Api:MaxRequestBodyBytes", "200"));
        var admin = small.CreateClient();
        admin.DefaultRequestHeaders.Authorization = app.Admin().DefaultRequestHeaders.Authorization;
        var slug = NewSlug();

        var response = await admin.SendRawAsync(
            HttpMethod.Post, CreateRegionRequest.Route, $$"""{"slug": "{{slug}}", "name": "Testregion", "kreisKey": "{{TestKreisKeys.Next()}}", "vision": "{{new string('x', 300)}}"}""");

        await response.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, ProblemTypes.PayloadTooLarge);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_text_body_is_415_with_the_problem_type_and_stores_nothing()
    {
        var slug = NewSlug();

        var response = await app.Admin().SendRawAsync(HttpMethod.Post, CreateRegionRequest.Route, $$"""{"slug": "{{slug}}", "name": "Testregion", "kreisKey": "{{TestKreisKeys.Next()}}"}""", "text/plain");

        await response.ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedMediaType);
        await (await app.Admin().GetAsync(GetRegionRequest.BuildRoute(slug))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_list_in_a_body_longer_than_200_items_is_400_naming_the_field()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ids = Enumerable.Range(0, ListLimits.MaxItems + 1).Select(_ => Guid.CreateVersion7()).ToList();

        var response = await coordinator.PostJsonAsync(ReorderFieldsOfActionRequest.BuildRoute(region.Slug), new ReorderFieldsOfActionRequest { Ids = ids });

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["'ids' must not have more than 200 items."], problem.Errors!["ids"]);
    }

    [Fact]
    public async Task A_list_in_the_query_longer_than_200_items_is_400_naming_the_field()
    {
        var region = await app.NewRegionAsync();
        var reader = await region.ReaderAsync();
        var query = string.Join('&', Enumerable.Repeat("status=draft", ListLimits.MaxItems + 1));

        var response = await reader.GetAsync($"{ListProjectsRequest.BuildRoute(region.Slug)}?{query}");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["'status' must not have more than 200 items."], problem.Errors!["status"]);
    }

    [Fact]
    public async Task Validation_messages_name_the_JSON_property()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(
            HttpMethod.Post, CreateProjectRequest.BuildRoute(region.Slug), """{"code": "LP-01", "title": "Beispiel", "category": "lead", "costSharingKey": "equal"}""");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["'fieldOfActionId' must not be empty."], problem.Errors!["fieldOfActionId"]);
    }

    [Fact]
    public async Task Validation_messages_in_nested_objects_name_the_path()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();

        var response = await coordinator.SendRawAsync(
            HttpMethod.Post,
            TransitionParticipationRequest.BuildRoute(region.Slug, Guid.CreateVersion7(), region.KreisKey + "004"),
            """{"to": "committed", "councilResolution": {"body": "", "date": "2025-03-01", "reference": "V/2025/1"}}""",
            ifMatch: "\"1\"");

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["'councilResolution.body' must not be empty."], problem.Errors!["councilResolution.body"]);
    }

    [Fact]
    public async Task Accept_Language_de_gives_German_messages_and_English_stays_the_default()
    {
        var body = $$"""{"slug": "{{NewSlug()}}", "name": "", "kreisKey": "0557"}""";

        var german = await SendRegionAsync(body, "de-DE,de;q=0.9,en;q=0.5");
        var english = await SendRegionAsync(body, null);
        var other = await SendRegionAsync(body, "fr");

        Assert.Equal(["'name' darf nicht leer sein."], german.Errors!["name"]);
        Assert.Equal(["Der Kreisschlüssel hat genau 5 Ziffern, z. B. 05570."], german.Errors!["kreisKey"]);
        Assert.Equal("Ungültige Anfrage", german.Title);
        Assert.Equal(["'name' must not be empty."], english.Errors!["name"]);
        Assert.Equal(["The Kreis key has exactly 5 digits, e.g. 05570."], english.Errors!["kreisKey"]);
        Assert.Equal("Invalid request", english.Title);
        Assert.Equal(english.Errors!["kreisKey"], other.Errors!["kreisKey"]);
    }

    [Fact]
    public async Task An_unknown_property_is_named_in_German_under_de()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CreateRegionRequest.Route)
        {
            Content = new StringContent($$"""{"slug": "{{NewSlug()}}", "name": "Testregion", "kreisKey": "{{TestKreisKeys.Next()}}", "leitbild": "x"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd("de");

        var problem = await (await app.Admin().SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);

        Assert.Equal(["Die Eigenschaft 'leitbild' gehört nicht zu dieser Anfrage."], problem.Errors!["leitbild"]);
    }

    private async Task<ProblemResponse> SendRegionAsync(string body, string? acceptLanguage)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, CreateRegionRequest.Route) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        return await (await app.Admin().SendAsync(request)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.Validation);
    }

    private static string NewSlug() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private static string LargeRegion(string slug) =>
        $$"""{"slug": "{{slug}}", "name": "Testregion", "kreisKey": "{{TestKreisKeys.Next()}}", "vision": "{{new string('ä', TwoMebibytes / 2)}}"}""";

    /// <summary>A request with an empty body that still says <c>Content-Type: application/json</c>, as many clients send.</summary>
    private static HttpRequestMessage Bodiless(HttpMethod method, string route)
    {
        var request = new HttpRequestMessage(method, route) { Content = new ByteArrayContent([]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    /// <summary>JSON sent without a Content-Length (chunked), so only reading the body can find its size.</summary>
    private sealed class UnknownLengthContent : HttpContent
    {
        private readonly byte[] bytes;

        public UnknownLengthContent(string text)
        {
            bytes = Encoding.UTF8.GetBytes(text);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
