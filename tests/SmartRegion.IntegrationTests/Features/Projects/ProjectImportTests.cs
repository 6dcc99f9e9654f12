using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Http;

namespace SmartRegion.IntegrationTests.Features.Projects;

[Collection(SqliteCollection.Name)]
public sealed class ProjectImportTestsOnSqlite(SqliteApp app) : ProjectImportTests(app);

[Collection(SqlServerCollection.Name)]
public sealed class ProjectImportTestsOnSqlServer(SqlServerApp app) : ProjectImportTests(app);

/// <summary>
/// The spreadsheet import (<c>POST …/projects/import</c>): the export's CSV goes back in unchanged, German edits land
/// exactly, a dry run stores nothing, and one bad row stores nothing at all.
/// </summary>
public abstract class ProjectImportTests
{
    private readonly SmartRegionApp app;

    protected ProjectImportTests(SmartRegionApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task The_export_imported_as_a_dry_run_reports_every_row_unchanged_and_no_error()
    {
        var (region, coordinator, _, _) = await ArrangeAsync();

        var csv = await ExportAsync(coordinator, region);
        var report = await (await ImportAsync(coordinator, region, csv, dryRun: true)).ReadAsync<ImportReport>();

        Assert.Empty(report.Errors);
        Assert.True(report.DryRun);
        Assert.False(report.Stored);
        Assert.Equal([(2, "LP-01", ImportAction.Unchanged), (3, "LP-02", ImportAction.Unchanged)],
            report.Rows.Select(row => (row.Row, row.Code, row.Action)));
        Assert.Equal((0, 0, 2), (report.Created, report.Updated, report.Unchanged));
    }

    [Fact]
    public async Task A_cost_in_German_format_a_title_with_Strasse_and_a_new_row_are_stored_exactly_and_the_rest_is_kept()
    {
        var (region, coordinator, field, first) = await ArrangeAsync();
        var sheet = Sheet.Parse(await ExportAsync(coordinator, region));
        sheet.Set("LP-01", "estimatedCost", "1.234,56");
        sheet.Set("LP-01", "title", "Beispiel: „Straße“ der Zukunft");
        sheet.Add("code", "LP-03", "title", "Beispiel: Neues Projekt", "category", "potential", "status", "proposed",
            "fieldOfActionId", field.ToString("D"), "plannedStart", "01.04.2026", "plannedEnd", "2027-03-31", "estimatedCost", "250000", "costSharingKey", "population");

        var report = await (await ImportAsync(coordinator, region, sheet.ToString())).ReadAsync<ImportReport>();

        Assert.Empty(report.Errors);
        Assert.True(report.Stored);
        Assert.Equal([ImportAction.Update, ImportAction.Unchanged, ImportAction.Create], report.Rows.Select(row => row.Action));
        var edited = await (await coordinator.GetAsync(GetProjectRequest.BuildRoute(region.Slug, first.Id))).ReadAsync<ProjectResponse>();
        Assert.Equal(1234.56m, edited.EstimatedCost);
        Assert.Equal("Beispiel: „Straße“ der Zukunft", edited.Title);
        Assert.Equal(first.Summary, edited.Summary);
        Assert.Equal(first.Themes, edited.Themes);
        Assert.Equal(first.Version + 1, edited.Version);
        var created = Assert.Single(await ProjectApi.ListAllAsync(coordinator, region, "q=LP-03"));
        Assert.Equal((Api.Domain.ProjectCategory.Potential, Api.Domain.ProjectStatus.Proposed), (created.Category, created.Status));
        Assert.Equal((new DateOnly(2026, 4, 1), new DateOnly(2027, 3, 31), 250000m), (created.PlannedStart!.Value, created.PlannedEnd!.Value, created.EstimatedCost!.Value));
        Assert.Equal(Api.Domain.CostSharingKey.Population, created.CostSharingKey);
    }

    [Fact]
    public async Task A_dry_run_reports_what_would_change_and_stores_nothing()
    {
        var (region, coordinator, _, first) = await ArrangeAsync();
        var sheet = Sheet.Parse(await ExportAsync(coordinator, region));
        sheet.Set("LP-01", "estimatedCost", "99,00");
        sheet.Add("code", "LP-09", "title", "Beispiel: Nur geprüft", "category", "lead", "status", "draft",
            "fieldOfActionId", sheet.Get("LP-01", "fieldOfActionId"), "costSharingKey", "equal");

        var report = await (await ImportAsync(coordinator, region, sheet.ToString(), dryRun: true)).ReadAsync<ImportReport>();

        Assert.Empty(report.Errors);
        Assert.Equal((1, 1, 1), (report.Created, report.Updated, report.Unchanged));
        Assert.False(report.Stored);
        var after = await ProjectApi.ListAllAsync(coordinator, region);
        Assert.Equal(["LP-01", "LP-02"], after.Select(project => project.Code));
        Assert.Equal((first.EstimatedCost, first.Version), (after[0].EstimatedCost, after[0].Version));
    }

    [Fact]
    public async Task One_bad_row_refuses_the_whole_file_with_the_row_report_and_stores_nothing()
    {
        var (region, coordinator, _, first) = await ArrangeAsync();
        var stale = Sheet.Parse(await ExportAsync(coordinator, region));
        var edit = ProjectApi.EditOf(first) with { Title = "Beispiel: zwischendurch geändert" };
        Assert.Equal(HttpStatusCode.OK, (await coordinator.PutJsonAsync(UpdateProjectRequest.BuildRoute(region.Slug, first.Id), edit, "\"1\"")).StatusCode);
        var sheet = Sheet.Parse(await ExportAsync(coordinator, region));
        sheet.Set("LP-02", "estimatedCost", "1234.56");
        sheet.Set("LP-02", "title", "Beispiel: wäre gut");
        sheet.Set("LP-01", "version", stale.Get("LP-01", "version"));
        sheet.Add("code", "LP-05", "title", "Beispiel: Ende vor Beginn", "category", "lead", "fieldOfActionId", sheet.Get("LP-01", "fieldOfActionId"),
            "plannedStart", "2026-05-01", "plannedEnd", "2026-04-30", "costSharingKey", "equal");
        sheet.Add("code", "LP-06", "title", "Beispiel: gut", "category", "lead", "fieldOfActionId", sheet.Get("LP-01", "fieldOfActionId"), "costSharingKey", "equal");

        var response = await ImportAsync(coordinator, region, sheet.ToString());

        var problem = await response.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.ImportRejected);
        Assert.Equal(
            [(2, "version"), (3, "estimatedCost"), (4, "plannedEnd")],
            problem.Report!.Errors.Select(error => (error.Row, error.Field)));
        Assert.StartsWith("version mismatch", problem.Report!.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal("The planned end must not be before the planned start.", problem.Report!.Errors[2].Message);
        Assert.Equal([ImportAction.Refused, ImportAction.Refused, ImportAction.Refused, ImportAction.Create],
            problem.Report!.Rows.Select(row => row.Action));
        var after = await ProjectApi.ListAllAsync(coordinator, region);
        Assert.Equal(["LP-01", "LP-02"], after.Select(project => project.Code));
        Assert.Equal("Beispiel: Projekt LP-02", after[1].Title);
    }

    [Fact]
    public async Task A_file_without_BOM_is_read_like_one_with_it_and_a_file_that_is_not_UTF8_is_refused_in_German_when_asked()
    {
        var (region, coordinator, _, _) = await ArrangeAsync();
        var sheet = Sheet.Parse(await ExportAsync(coordinator, region));
        sheet.Set("LP-02", "title", "Beispiel: Übergänge");

        var withoutBom = await ImportBytesAsync(coordinator, region, new UTF8Encoding(false).GetBytes(sheet.ToString()), dryRun: true);
        var ansi = await ImportBytesAsync(coordinator, region, Encoding.Latin1.GetBytes(sheet.ToString()), dryRun: true, language: "de");

        Assert.Equal([ImportAction.Unchanged, ImportAction.Update], (await withoutBom.ReadAsync<ImportReport>()).Rows.Select(row => row.Action));
        var refused = await ansi.ReadAsync<ImportReport>();
        var error = Assert.Single(refused.Errors);
        Assert.Equal((1, "file"), (error.Row, error.Field));
        Assert.Contains("nicht UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Empty(refused.Rows);
    }

    [Fact]
    public async Task Unknown_and_missing_columns_and_more_than_200_rows_are_file_errors()
    {
        var (region, coordinator, field, _) = await ArrangeAsync();
        var header = "code;title;category;status;fieldOfActionId;plannedStart;plannedEnd;estimatedCost;costSharingKey;proposedBy;version";

        var wrongHeader = await (await ImportAsync(coordinator, region, "code;title;budget\r\nLP-01;x;1\r\n", dryRun: true)).ReadAsync<ImportReport>();
        var tooMany = string.Join("\r\n", Enumerable.Range(1, 201).Select(n => $"N-{n};Beispiel {n};lead;draft;{field:D};;;;equal;;").Prepend(header));
        var tooManyReport = await (await ImportAsync(coordinator, region, tooMany, dryRun: true)).ReadAsync<ImportReport>();

        Assert.Contains(wrongHeader.Errors, error => error is { Row: 1, Field: "budget" });
        Assert.Contains(wrongHeader.Errors, error => error is { Row: 1, Field: "version" });
        Assert.Equal((202, "file"), (Assert.Single(tooManyReport.Errors).Row, tooManyReport.Errors[0].Field));
    }

    [Fact]
    public async Task Members_may_not_import_and_a_JSON_body_is_415()
    {
        var (region, coordinator, _, _) = await ArrangeAsync();
        await ProjectApi.MemberAsync(coordinator, region, region.Ags("004"), "Stadt Ahlen");
        var member = await region.MemberAsync(region.Ags("004"));
        var csv = await ExportAsync(coordinator, region);

        await (await ImportAsync(member, region, csv)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await coordinator.SendRawAsync(HttpMethod.Post, ImportProjectsRequest.BuildRoute(region.Slug), "{}")).ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task The_same_Idempotency_Key_with_the_same_file_replays_the_first_answer_and_creates_nothing_twice()
    {
        var (region, coordinator, field, _) = await ArrangeAsync();
        var csv = "code;title;category;status;fieldOfActionId;plannedStart;plannedEnd;estimatedCost;costSharingKey;proposedBy;version\r\n"
            + $"LP-07;Beispiel: Einmal;lead;draft;{field:D};;;10,50;equal;;\r\n";

        var first = await ImportBytesAsync(coordinator, region, Encoding.UTF8.GetBytes(csv), idempotencyKey: "import-1");
        var again = await ImportBytesAsync(coordinator, region, Encoding.UTF8.GetBytes(csv), idempotencyKey: "import-1");

        Assert.Equal(1, (await first.ReadAsync<ImportReport>()).Created);
        Assert.Equal(1, (await again.ReadAsync<ImportReport>()).Created);
        Assert.Equal("true", again.Headers.GetValues(OpenApiMetadata.IdempotentReplayedHeader).Single());
        Assert.Single(await ProjectApi.ListAllAsync(coordinator, region, "q=LP-07"));
    }

    /// <summary>A region with two projects: LP-01 with summary and a theme, LP-02 bare.</summary>
    private async Task<(TestRegion Region, HttpClient Coordinator, Guid Field, ProjectResponse First)> ArrangeAsync()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var field = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var theme = await ProjectApi.ThemeAsync(coordinator, region, "Daten");
        var first = await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-01", field) with
        {
            Summary = "Beispiel: bleibt, auch wenn das Blatt sie nicht hat.",
            Themes = [theme],
            EstimatedCost = 1000m,
            PlannedStart = new DateOnly(2026, 1, 1),
        });
        await ProjectApi.CreateAsync(coordinator, region, ProjectApi.NewProject("LP-02", field));
        return (region, coordinator, field, first);
    }

    private static async Task<string> ExportAsync(HttpClient client, TestRegion region)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ListProjectsRequest.BuildRoute(region.Slug));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
    }

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, TestRegion region, string csv, bool dryRun = false) =>
        ImportBytesAsync(client, region, Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.TrimStart('\uFEFF'))).ToArray(), dryRun);

    private static Task<HttpResponseMessage> ImportBytesAsync(
        HttpClient client, TestRegion region, byte[] body, bool dryRun = false, string? language = null, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ImportProjectsRequest.BuildRoute(region.Slug, dryRun)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        if (language is not null)
        {
            request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyMiddleware.HeaderName, idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>The exported CSV as a grid to edit like a spreadsheet (cells in these tests hold no <c>;</c> or quotes).</summary>
    private sealed class Sheet(List<string> header, List<List<string>> rows)
    {
        public static Sheet Parse(string csv)
        {
            var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(';').ToList()).ToList();
            return new Sheet(lines[0], lines.Skip(1).ToList());
        }

        public string Get(string code, string column) => Row(code)[header.IndexOf(column)];

        public void Set(string code, string column, string value) => Row(code)[header.IndexOf(column)] = value;

        /// <summary>A new row from column/value pairs; the other cells stay empty.</summary>
        public void Add(params string[] pairs)
        {
            var row = header.Select(_ => string.Empty).ToList();
            for (var i = 0; i < pairs.Length; i += 2)
            {
                row[header.IndexOf(pairs[i])] = pairs[i + 1];
            }

            rows.Add(row);
        }

        public override string ToString() => string.Join("\r\n", rows.Select(row => string.Join(';', row)).Prepend(string.Join(';', header))) + "\r\n";

        private List<string> Row(string code) => rows.Single(row => row[0] == code);
    }
}
