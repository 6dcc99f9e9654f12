using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SmartRegion.Api.Features.Projects;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectCsvTestsOnSqlite(SqliteApp app) : ProjectCsvTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectCsvTestsOnSqlServer(SqlServerApp app) : ProjectCsvTests(app);

/// <summary>The project list as CSV for German Excel (<c>Accept: text/csv</c>): exact bytes, same filters, no paging.</summary>
public abstract class ProjectCsvTests
{
    private const string Header =
        "code;title;category;status;fieldOfActionId;plannedStart;plannedEnd;estimatedCost;grantedFunding;ownCost;costSharingKey;proposedBy;id;createdAt;updatedAt;version\r\n";

    private readonly SmartRegionApp app;

    protected ProjectCsvTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_project_with_Strasse_and_1234_56_comes_as_UTF8_with_BOM_semicolons_decimal_comma_and_ISO_dates()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var project = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field, "Beispiel: Straße; „Mitte“") with
        {
            EstimatedCost = 1234.56m,
            PlannedStart = new DateOnly(2025, 3, 1),
            PlannedEnd = new DateOnly(2026, 12, 31),
        });

        var response = await CsvAsync(coordinator, ListProjectsRequest.BuildRoute(region.Slug));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var expected = "\uFEFF" + Header
            + $"LP-01;\"Beispiel: Straße; „Mitte“\";lead;draft;{field:D};2025-03-01;2026-12-31;1234,56;0,00;1234,56;equal;;{project.Id:D};"
            + $"{Stamp(project.CreatedAt)};{Stamp(project.UpdatedAt)};1\r\n";
        Assert.Equal(new UTF8Encoding(false).GetBytes(expected), bytes);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
    }

    [Fact]
    public async Task The_csv_has_every_project_matching_the_filters_without_paging()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        await new ProjectBuilder(region).BuildManyAsync(230, "P-");
        await new ProjectBuilder(region).WithCode("X-1").WithCategory(Api.Domain.ProjectCategory.Potential).BuildAsync();

        var all = Lines(await (await CsvAsync(coordinator, $"{ListProjectsRequest.BuildRoute(region.Slug)}?limit=5")).Content.ReadAsStringAsync());
        var potential = Lines(await (await CsvAsync(coordinator, $"{ListProjectsRequest.BuildRoute(region.Slug)}?category=potential")).Content.ReadAsStringAsync());

        Assert.Equal(1 + 231, all.Count);
        Assert.Equal(Enumerable.Range(1, 230).Select(n => $"P-{n:D3}").Append("X-1"), all.Skip(1).Select(line => line.Split(';')[0]));
        Assert.Equal(["X-1"], potential.Skip(1).Select(line => line.Split(';')[0]));
    }

    private static async Task<HttpResponseMessage> CsvAsync(HttpClient client, string route)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static List<string> Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Stamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
