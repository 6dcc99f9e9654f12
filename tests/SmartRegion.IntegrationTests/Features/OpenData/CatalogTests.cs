using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.OpenData;
using SmartRegion.Api.Features.Projects;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.OpenData;

[Collection(SqliteCollection.Name)]
public sealed class CatalogTestsOnSqlite(SqliteApp app) : CatalogTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class CatalogTestsOnSqlServer(SqlServerApp app) : CatalogTests(app);

/// <summary>
/// The open-data catalog (<c>GET …/catalog</c>): DCAT-AP.de JSON-LD with every mandatory property, the datasets and
/// distributions the API really serves, dates from the data, ETag/304, and the public subset without credentials.
/// </summary>
public abstract class CatalogTests
{
    /// <summary>
    /// The mandatory ("Pflicht") properties of DCAT-AP.de 2.0 (Spezifikation, http://dcat-ap.de/def/dcatde/2.0/spec/,
    /// classes Katalog, Datensatz and Distribution) that apply to this catalog. dcatde:contributorID, mandatory for
    /// datasets delivered to GovData (Konventionenhandbuch 2.0), needs an ID that GovData assigns to the data provider;
    /// the service has none to give, so it is not emitted and not checked here.
    /// </summary>
    private static readonly string[] CatalogMandatory = ["dct:title", "dct:description", "dct:publisher", "dcat:dataset"];

    private static readonly string[] DatasetMandatory = ["dct:title", "dct:description", "dcat:distribution"];

    private static readonly string[] DistributionMandatory = ["dcat:accessURL", "dct:license", "dct:format"];

    private const string License = "http://dcat-ap.de/def/licenses/dl-by-de/2.0";

    private readonly SmartRegionApp app;

    protected CatalogTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_catalog_is_JSON_LD_with_the_DCAT_AP_de_context_and_every_mandatory_property()
    {
        var (region, reader) = await ArrangeAsync();

        var (response, catalog) = await CatalogAsync(reader, region);

        Assert.Equal(GetCatalogEndpoint.ContentType, response.Content.Headers.ContentType?.MediaType);
        var context = catalog["@context"]!.AsObject();
        Assert.Equal("http://www.w3.org/ns/dcat#", (string?)context["dcat"]);
        Assert.Equal("http://purl.org/dc/terms/", (string?)context["dct"]);
        Assert.Equal("http://xmlns.com/foaf/0.1/", (string?)context["foaf"]);
        Assert.Equal("http://www.w3.org/2006/vcard/ns#", (string?)context["vcard"]);
        Assert.Equal("http://dcat-ap.de/def/dcatde/", (string?)context["dcatde"]);
        Assert.Equal("dcat:Catalog", (string?)catalog["@type"]);
        AssertPresent(catalog, CatalogMandatory, "catalog");
        foreach (var dataset in Datasets(catalog))
        {
            Assert.Equal("dcat:Dataset", (string?)dataset["@type"]);
            AssertPresent(dataset, DatasetMandatory, (string)dataset["dct:identifier"]!);
            foreach (var distribution in dataset["dcat:distribution"]!.AsArray().Select(node => node!.AsObject()))
            {
                Assert.Equal("dcat:Distribution", (string?)distribution["@type"]);
                AssertPresent(distribution, DistributionMandatory, (string)distribution["@id"]!);
                Assert.Equal(License, (string?)distribution["dct:license"]!["@id"]);
            }
        }
    }

    [Fact]
    public async Task Each_dataset_has_JSON_and_CSV_only_where_the_API_serves_them_and_every_API_distribution_answers()
    {
        var (region, reader) = await ArrangeAsync();

        var (_, catalog) = await CatalogAsync(reader, region);

        var formats = Datasets(catalog).ToDictionary(
            dataset => ((string)dataset["dct:identifier"]!).Split('/')[1],
            dataset => dataset["dcat:distribution"]!.AsArray().Select(d => Tail((string)d!["dct:format"]!["@id"]!)).ToList());
        Assert.Equal(["JSON", "CSV"], formats["projects"]);
        Assert.Equal(["JSON"], formats["participations"]);
        Assert.Equal(["JSON", "CSV"], formats["decisions"]);
        Assert.Equal(["JSON"], formats["status-reports"]);
        Assert.Equal(["ICS", "JSON"], formats["meetings"]);
        Assert.Equal(["JSON"], formats["oparl"]);
        Assert.Equal(6, formats.Count);

        var urls = Distributions(catalog).Select(d => (Url: new Uri((string)d["dcat:accessURL"]!["@id"]!), Media: Tail((string)d["dcat:mediaType"]!["@id"]!, "media-types/"))).ToList();
        Assert.Contains(urls, u => u.Url.AbsolutePath == $"/api/v1/regions/{region.Slug}/meetings.ics" && u.Media == "text/calendar");
        Assert.Contains(urls, u => u.Url.AbsolutePath == "/oparl/v1/" && u.Media == "application/json");
        // The API's own lists (the calendar and OParl are served by their own features).
        foreach (var (url, media) in urls.Where(u => u.Url.AbsolutePath.StartsWith("/api/v1/", StringComparison.Ordinal) && !u.Url.AbsolutePath.EndsWith(".ics", StringComparison.Ordinal)))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(media));
            var answer = await reader.SendAsync(request);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)answer.StatusCode}");
            Assert.Equal(media, answer.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Publisher_contact_and_geocoding_name_the_Kreis()
    {
        var (region, reader) = await ArrangeAsync();

        var (_, catalog) = await CatalogAsync(reader, region);

        Assert.Equal(("foaf:Organization", "Kreis Beispiel"), ((string?)catalog["dct:publisher"]!["@type"], (string?)catalog["dct:publisher"]!["foaf:name"]));
        var dataset = Datasets(catalog).First();
        Assert.Equal("Kreis Beispiel", (string?)dataset["dcat:contactPoint"]!["vcard:fn"]);
        Assert.Equal("mailto:digital@kreis.example", (string?)dataset["dcat:contactPoint"]!["vcard:hasEmail"]![0]!["@id"]);
        Assert.Equal($"http://dcat-ap.de/def/politicalGeocoding/districtKey/{region.KreisKey}", (string?)dataset["dcatde:politicalGeocodingURI"]!["@id"]);
    }

    [Fact]
    public async Task Modified_dates_follow_the_latest_change_of_each_dataset_and_the_ETag_gives_304_until_then()
    {
        var (region, reader) = await ArrangeAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var created = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field));

        var (first, before) = await CatalogAsync(reader, region);
        var edit = await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, created.Id), ProjectApi.EditOf(created) with { Title = "Beispiel: neu" }, created.ETag());
        var updated = await edit.ReadAsync<ProjectResponse>();
        var (_, after) = await CatalogAsync(reader, region);

        Assert.Equal(created.UpdatedAt, Modified(before, "projects"));
        Assert.Equal(updated.UpdatedAt, Modified(after, "projects"));
        Assert.Equal(created.CreatedAt, Issued(after, "projects"));
        Assert.Equal(Modified(before, "decisions"), Modified(after, "decisions"));
        Assert.Equal(updated.UpdatedAt, DateTimeOffset.Parse((string)after["dct:modified"]!["@value"]!, System.Globalization.CultureInfo.InvariantCulture));

        using var stale = new HttpRequestMessage(HttpMethod.Get, GetCatalogRequest.BuildRoute(region.Slug));
        stale.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
        Assert.Equal(HttpStatusCode.OK, (await reader.SendAsync(stale)).StatusCode);
        var (current, _) = await CatalogAsync(reader, region);
        using var fresh = new HttpRequestMessage(HttpMethod.Get, GetCatalogRequest.BuildRoute(region.Slug));
        fresh.Headers.TryAddWithoutValidation("If-None-Match", current.ETag());
        var notModified = await reader.SendAsync(fresh);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(current.ETag(), notModified.ETag());
    }

    [Fact]
    public async Task Without_credentials_a_public_region_shows_only_the_datasets_the_public_may_read_and_a_closed_one_is_401()
    {
        var (region, _) = await ArrangeAsync();
        var route = GetCatalogRequest.BuildRoute(region.Slug);

        await (await app.Anonymous().GetAsync(route)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await region.SetPublicReadAsync(true);
        var response = await app.Anonymous().GetAsync(route);

        // What the committed contract opens to callers without credentials (the empty security requirement).
        var publicPaths = PublicGetPaths();
        Assert.Contains(GetCatalogRequest.Route, publicPaths);
        var expected = new[]
        {
            ("projects", ListProjectsRequest.Route), ("participations", "/api/v1/regions/{slug}/participation-matrix"), ("decisions", "/api/v1/regions/{slug}/decisions"),
            ("status-reports", "/api/v1/regions/{slug}/status-reports"), ("meetings", "/api/v1/regions/{slug}/meetings"), ("meetings", "/api/v1/regions/{slug}/meetings.ics"),
            ("oparl", "/oparl/v1/"),
        }.Where(pair => publicPaths.Contains(pair.Item2)).Select(pair => pair.Item1).Distinct().ToList();
        if (expected.Count == 0)
        {
            // No dataset is open to the public yet: DCAT-AP.de needs at least one, so there is no public catalog.
            await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
            return;
        }

        var catalog = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(expected, Datasets(catalog).Select(dataset => ((string)dataset["dct:identifier"]!).Split('/')[1]));
        Assert.All(Datasets(catalog), dataset => Assert.Empty(dataset["dcat:contactPoint"]!["vcard:hasEmail"]!.AsArray()));
    }

    /// <summary>A region whose Kreis (the district member) has a contact e-mail, and a reader client.</summary>
    private async Task<(TestRegion Region, HttpClient Reader)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var district = await coordinator.PostJsonAsync(CreateMemberRequest.BuildRoute(region.Slug), new CreateMemberRequest
        {
            Ags = region.District,
            Kind = MemberKind.District,
            Name = "Kreis Beispiel",
            Contact = new MemberContactInput { Email = "digital@kreis.example" },
        });
        Assert.Equal(HttpStatusCode.Created, district.StatusCode);
        return (region, await region.ReaderAsync());
    }

    private static async Task<(HttpResponseMessage Response, JsonObject Catalog)> CatalogAsync(HttpClient client, TestRegion region)
    {
        var response = await client.GetAsync(GetCatalogRequest.BuildRoute(region.Slug));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (response, JsonNode.Parse(text)!.AsObject());
    }

    private static IEnumerable<JsonObject> Datasets(JsonObject catalog) => catalog["dcat:dataset"]!.AsArray().Select(node => node!.AsObject());

    private static IEnumerable<JsonObject> Distributions(JsonObject catalog) =>
        Datasets(catalog).SelectMany(dataset => dataset["dcat:distribution"]!.AsArray().Select(node => node!.AsObject()));

    private static DateTimeOffset Modified(JsonObject catalog, string key) => Date(catalog, key, "dct:modified");

    private static DateTimeOffset Issued(JsonObject catalog, string key) => Date(catalog, key, "dct:issued");

    private static DateTimeOffset Date(JsonObject catalog, string key, string property)
    {
        var dataset = Datasets(catalog).Single(d => ((string)d["dct:identifier"]!).EndsWith("/" + key, StringComparison.Ordinal));
        Assert.Equal("xsd:dateTime", (string?)dataset[property]!["@type"]);
        return DateTimeOffset.Parse((string)dataset[property]!["@value"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string Tail(string iri, string after = "file-type/") => iri[(iri.IndexOf(after, StringComparison.Ordinal) + after.Length)..];

    /// <summary>A present property has a value: a non-empty string, object or array.</summary>
    private static void AssertPresent(JsonObject node, string[] properties, string where)
    {
        foreach (var property in properties)
        {
            var value = node[property];
            Assert.True(
                value is JsonObject { Count: > 0 } || value is JsonArray { Count: > 0 } || (value is JsonValue && ((string?)value)?.Length > 0),
                $"{where}: mandatory {property} is missing or empty.");
        }
    }

    /// <summary>The GET paths of the committed contract that need no credentials (an empty security requirement).</summary>
    private static HashSet<string> PublicGetPaths()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory!.FullName, "SmartRegion.sln")))
        {
            directory = directory.Parent;
        }

        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(directory.FullName, OpenApiContract.SpecFile)))!;
        return document["paths"]!.AsObject()
            .Where(path => path.Value?["get"]?["security"] is JsonArray security && security.Any(requirement => requirement is JsonObject { Count: 0 }))
            .Select(path => path.Key)
            .ToHashSet(StringComparer.Ordinal);
    }
}
