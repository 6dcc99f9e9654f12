using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>
/// Imports a project list kept in a spreadsheet (the region's coordinator): a CSV in the format of the projects CSV
/// export (German Excel: <c>;</c> separated, decimal comma, UTF-8 with or without BOM; at most 200 rows). Rows are
/// matched by <c>code</c>: a new code creates a project exactly as <c>createProject</c> does, an existing one is
/// updated exactly as <c>updateProject</c> does, and only when the row's <c>version</c> is the project's current one.
/// Either every row is stored in one transaction or none is.
/// </summary>
public sealed class ImportProjectsRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/import";

    public string Slug { get; set; } = string.Empty;

    /// <summary><c>true</c>: check every row exactly as the import would and answer the report, storing nothing.</summary>
    [QueryParam]
    public bool? DryRun { get; set; }

    public static string BuildRoute(string slug, bool dryRun = false) =>
        $"/api/v1/regions/{Uri.EscapeDataString(slug)}/projects/import" + (dryRun ? "?dryRun=true" : string.Empty);
}

public sealed class ImportProjectsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ImportProjectsRequest>
{
    public override void Configure()
    {
        Post(ImportProjectsRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("importProjects").WithSummary("Create and update projects from a spreadsheet (CSV in the export's format), all rows or none").WithTags("Projects")
                .CsvBody(
                    "The projects CSV as the list exports it (`Accept: text/csv`), edited in a spreadsheet: UTF-8 with or without BOM, `;` separated, " +
                    "one header row naming the columns (any order): " + ProjectImport.RequiredColumnList + " are required; " + ProjectImport.IgnoredColumnList +
                    " may be present and are ignored (computed or assigned by the service), except that `id`, when filled, must be the id of the project " +
                    "with that code. Money with decimal comma and optional thousands dots (`1.234,56`), dates `2025-03-28` or `28.03.2025`. At most " +
                    ListLimits.MaxItems.ToString(CultureInfo.InvariantCulture) + " data rows and 1 MiB. An existing code needs the project's current `version` " +
                    "(as exported), a new code an empty one; category, status and proposer of an existing project change only as in the JSON API (transitions, decisions).")
                .ReturnsJson<ImportReport>()
                .Problems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ImportProjectsRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await HttpContext.Request.Body.CopyToAsync(buffer, ct);
        var file = ProjectImport.Read(buffer.ToArray());
        var caller = Caller.From(User);
        var dryRun = request.DryRun == true;
        ImportReport report;
        try
        {
            report = await db.InTransactionAsync(
                async session =>
                {
                    var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                    var outcome = await ProjectImport.ApplyAsync(session, region, file, caller.Actor, clock.Now());
                    if (dryRun || outcome.Errors.Count > 0)
                    {
                        // Throwing rolls back every row's writes (also inside an Idempotency-Key's deferred transaction).
                        throw new NothingStored(outcome with { DryRun = dryRun, Stored = false });
                    }

                    return outcome with { Stored = true };
                },
                ct);
        }
        catch (NothingStored refused)
        {
            report = refused.Report;
        }

        if (report.Errors.Count > 0 && !dryRun)
        {
            var problem = new ProblemResponse
            {
                Type = ProblemTypes.ImportRejected,
                Title = Localized.Text("Import rejected", "Import abgelehnt"),
                Status = StatusCodes.Status400BadRequest,
                Detail = Localized.Text($"{report.Errors.Count} error(s) in the file; nothing was stored. See report.errors.",
                    $"{report.Errors.Count} Fehler in der Datei; nichts wurde gespeichert. Siehe report.errors."),
                TraceId = TraceIds.For(HttpContext),
                Report = report,
            };
            HttpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            await HttpContext.Response.WriteAsJsonAsync(problem, options: null, OpenApiMetadata.ProblemContentType, ct);
            return;
        }

        await Send.OkAsync(report, ct);
    }

    private sealed class NothingStored(ImportReport report) : Exception("The import stored nothing.")
    {
        public ImportReport Report { get; } = report;
    }
}

/// <summary>
/// The spreadsheet import's rules: reading the file (encoding, header, German numbers and dates) and applying its
/// rows through <see cref="ProjectCreation"/> and <see cref="ProjectUpdate"/>, the same use cases the JSON API runs,
/// so every rule is the same.
/// </summary>
public static partial class ProjectImport
{
    /// <summary>Columns every file needs (the editable fields, and <c>version</c> for the If-Match-like check).</summary>
    private static readonly string[] Required =
        ["code", "title", "category", "status", "fieldOfActionId", "plannedStart", "plannedEnd", "estimatedCost", "costSharingKey", "proposedBy", "version"];

    /// <summary>Export columns the service computes or assigns; read only to check <c>id</c>.</summary>
    private static readonly string[] Ignored = ["grantedFunding", "ownCost", "id", "createdAt", "updatedAt"];

    internal static string RequiredColumnList => string.Join(", ", Required.Select(column => $"`{column}`"));

    internal static string IgnoredColumnList => string.Join(", ", Ignored.Select(column => $"`{column}`"));

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A file as read: its data rows (cells by column name), or the errors that stop it being read at all.</summary>
    public sealed record ImportFile(IReadOnlyList<ImportLine> Lines, IReadOnlyList<ImportError> Errors);

    /// <summary>One data row: its spreadsheet row number and its cells by column name (empty cells are null).</summary>
    public sealed record ImportLine(int Row, IReadOnlyDictionary<string, string?> Cells);

    /// <summary>Reads the body: UTF-8 (a BOM is skipped), <c>;</c>-separated, header row first.</summary>
    public static ImportFile Read(byte[] body)
    {
        string text;
        try
        {
            var start = body.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            text = StrictUtf8.GetString(body, start, body.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return FileError(1, Localized.Text(
                "The file is not UTF-8. In Excel save it as \"CSV UTF-8 (durch Trennzeichen getrennt)\".",
                "Die Datei ist nicht UTF-8-kodiert. Speichern Sie sie in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“."));
        }

        var options = new CsvReaderOptions
        {
            Separator = ';',
            HasHeader = true,
            MalformedData = CsvMalformedDataHandling.Throw,
            FieldCountMismatch = CsvFieldCountHandling.Throw,
            SkipEmptyLines = true,
        };
        try
        {
            using var reader = CsvReader.Create(StrictUtf8.GetBytes(text), options);
            var header = reader.Headers.ToArray();
            if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace))
            {
                return FileError(1, Localized.Text("The file has no header row.", "Die Datei hat keine Kopfzeile."));
            }

            var errors = CheckHeader(header);
            if (errors.Count > 0)
            {
                return new ImportFile([], errors);
            }

            var lines = new List<ImportLine>();
            while (reader.Read())
            {
                // As a spreadsheet numbers it: the header is row 1, a cell with line breaks stays one row.
                var row = (int)reader.RowNumber + 1;
                var cells = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray();
                if (cells.All(string.IsNullOrWhiteSpace))
                {
                    // Spreadsheets leave empty rows (;;;;) at the end; they say nothing.
                    continue;
                }

                if (lines.Count == ListLimits.MaxItems)
                {
                    return FileError(row, Localized.Text(
                        $"At most {ListLimits.MaxItems} projects per import; split the file.",
                        $"Höchstens {ListLimits.MaxItems} Projekte je Import; teilen Sie die Datei auf."));
                }

                lines.Add(new ImportLine(row, header.Select((name, index) => (name, value: cells[index]))
                    .ToDictionary(cell => cell.name, cell => string.IsNullOrWhiteSpace(cell.value) ? null : cell.value.Trim(), StringComparer.Ordinal)));
            }

            return lines.Count == 0
                ? FileError(2, Localized.Text("The file has no data rows.", "Die Datei enthält keine Datenzeilen."))
                : new ImportFile(lines, []);
        }
        catch (CsvFormatException e)
        {
            return FileError(Math.Max(1, (int)e.RecordNumber), Localized.Text(
                "The row is not valid CSV (a stray quote, or another number of cells than the header).",
                "Die Zeile ist kein gültiges CSV (ein einzelnes Anführungszeichen oder eine andere Zellenzahl als die Kopfzeile)."));
        }
    }

    /// <summary>Stores (in the caller's transaction) what the file's rows say; the report lists every row and every error.</summary>
    public static async Task<ImportReport> ApplyAsync(DbSession session, RegionRow region, ImportFile file, string actor, DateTimeOffset now)
    {
        var errors = file.Errors.ToList();
        var rows = new List<ImportRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in file.Lines)
        {
            var rowErrors = new List<ImportError>();
            var fields = Parse(line, rowErrors);
            var code = line.Cells["code"] ?? string.Empty;
            if (code.Length > 0 && !seen.TryAdd(code, line.Row))
            {
                rowErrors.Add(new(line.Row, "code", Localized.Text($"The code {code} is in row {seen[code]} already.", $"Der Code {code} steht schon in Zeile {seen[code]}.")));
            }

            var action = ImportAction.Refused;
            if (rowErrors.Count == 0)
            {
                try
                {
                    action = await ApplyRowAsync(session, region, line, fields, rowErrors, actor, now);
                }
                catch (ApiProblemException refused)
                {
                    rowErrors.Add(new(line.Row, FieldOf(refused.Type), refused.Message));
                }
                catch (DomainRuleException refused)
                {
                    rowErrors.Add(new(line.Row, "category", refused.Message));
                }
            }

            rows.Add(new ImportRow(line.Row, code, rowErrors.Count == 0 ? action : ImportAction.Refused));
            errors.AddRange(rowErrors);
        }

        return new ImportReport(
            DryRun: false,
            Stored: false,
            Created: rows.Count(row => row.Action == ImportAction.Create),
            Updated: rows.Count(row => row.Action == ImportAction.Update),
            Unchanged: rows.Count(row => row.Action == ImportAction.Unchanged),
            rows,
            errors);
    }

    private static async Task<ImportAction> ApplyRowAsync(
        DbSession session, RegionRow region, ImportLine line, RowFields fields, List<ImportError> errors, string actor, DateTimeOffset now)
    {
        var current = await ProjectAccess.FindByCodeAsync(session, region.Id, fields.Code);
        if (current is null)
        {
            if (fields.Version is { } version)
            {
                errors.Add(new(line.Row, "version", Localized.Text(
                    $"version mismatch: the row has version {version}, but the region has no project {fields.Code}; leave version empty to create it.",
                    $"Versionskonflikt: Die Zeile hat Version {version}, aber die Region hat kein Projekt {fields.Code}; lassen Sie version leer, um es anzulegen.")));
            }

            if (fields.Id is not null)
            {
                errors.Add(new(line.Row, "id", Localized.Text(
                    "A new project gets its id from the service; leave id empty (codes of existing projects change through the JSON API).",
                    "Ein neues Projekt erhält seine id vom Dienst; lassen Sie id leer (Codes bestehender Projekte ändern sich über die JSON-API).")));
            }

            if (errors.Count > 0)
            {
                return ImportAction.Refused;
            }

            var created = await ProjectCreation.CreateAsync(session, region, new CreateProjectRequest
            {
                Slug = region.Slug,
                Code = fields.Code,
                Title = fields.Title,
                Category = fields.Category,
                FieldOfActionId = fields.FieldOfActionId,
                PlannedStart = fields.PlannedStart,
                PlannedEnd = fields.PlannedEnd,
                EstimatedCost = fields.EstimatedCost,
                CostSharingKey = fields.CostSharingKey,
                ProposedBy = fields.ProposedBy,
                Status = fields.Status,
            }, fields.ProposedBy, actor, now);
            AddFailures(line.Row, created.Failures, errors);
            return ImportAction.Create;
        }

        var project = current.Project;
        if (fields.Version != project.Version)
        {
            errors.Add(new(line.Row, "version", Localized.Text(
                $"version mismatch: the row has version {Show(fields.Version)}, the project is at version {project.Version}; export again and re-apply the change.",
                $"Versionskonflikt: Die Zeile hat Version {Show(fields.Version)}, das Projekt ist bei Version {project.Version}; exportieren Sie erneut und übernehmen Sie die Änderung.")));
            return ImportAction.Refused;
        }

        if (fields.Id is { } id && id != project.Id)
        {
            errors.Add(new(line.Row, "id", Localized.Text(
                $"The project {fields.Code} has the id {project.Id:D}, not {id:D}.", $"Das Projekt {fields.Code} hat die id {project.Id:D}, nicht {id:D}.")));
        }

        if (fields.Status is { } status && status != project.StatusValue)
        {
            errors.Add(new(line.Row, "status", Localized.Text(
                $"The project is {project.Status}; a status changes only through a transition (POST …/projects/{{id}}/transitions).",
                $"Das Projekt ist {project.Status}; der Status ändert sich nur durch einen Statuswechsel (POST …/projects/{{id}}/transitions).")));
        }

        if (fields.ProposedBy != project.ProposedBy)
        {
            errors.Add(new(line.Row, "proposedBy", Localized.Text(
                "The proposer is fixed when a project is created.", "Der Vorschlagende wird beim Anlegen eines Projekts festgelegt.")));
        }

        if (errors.Count > 0)
        {
            return ImportAction.Refused;
        }

        // Summary, description and themes are not in the sheet: they stay as they are.
        var updated = await ProjectUpdate.ReplaceAsync(session, region, current, new UpdateProjectRequest
        {
            Slug = region.Slug,
            Id = project.Id,
            Code = fields.Code,
            Title = fields.Title,
            Summary = project.Summary,
            Description = project.Description,
            FieldOfActionId = fields.FieldOfActionId,
            Themes = [.. current.ThemeIds],
            PlannedStart = fields.PlannedStart,
            PlannedEnd = fields.PlannedEnd,
            EstimatedCost = fields.EstimatedCost,
            CostSharingKey = fields.CostSharingKey,
            Category = fields.Category,
        }, actor, now);
        AddFailures(line.Row, updated.Failures, errors);
        return updated.Changed ? ImportAction.Update : ImportAction.Unchanged;
    }

    /// <summary>A row's cells as typed values; a cell that does not parse adds an error and stays null.</summary>
    private sealed record RowFields(
        string Code, string Title, ProjectCategory? Category, ProjectStatus? Status, Guid? FieldOfActionId, DateOnly? PlannedStart, DateOnly? PlannedEnd,
        decimal? EstimatedCost, CostSharingKey? CostSharingKey, string? ProposedBy, int? Version, Guid? Id);

    private static RowFields Parse(ImportLine line, List<ImportError> errors)
    {
        string? Cell(string name) => line.Cells.GetValueOrDefault(name);

        T? Typed<T>(string name, Func<string, T?> parse, string english, string german)
            where T : struct
        {
            if (Cell(name) is not { } text)
            {
                return null;
            }

            if (parse(text) is { } value)
            {
                return value;
            }

            errors.Add(new(line.Row, name, Localized.Text($"'{text}' is not {english}.", $"„{text}“ ist {german}.")));
            return null;
        }

        return new RowFields(
            Cell("code") ?? string.Empty,
            Cell("title") ?? string.Empty,
            Typed("category", EnumValue<ProjectCategory>, "lead or potential", "weder lead noch potential"),
            Typed("status", EnumValue<ProjectStatus>, "a project status (draft, proposed, …)", "kein Projektstatus (draft, proposed, …)"),
            Typed("fieldOfActionId", text => Guid.TryParse(text, out var id) ? id : (Guid?)null, "an id", "keine id"),
            Typed("plannedStart", ParseDate, "a date (2025-03-28 or 28.03.2025)", "kein Datum (2025-03-28 oder 28.03.2025)"),
            Typed("plannedEnd", ParseDate, "a date (2025-03-28 or 28.03.2025)", "kein Datum (2025-03-28 oder 28.03.2025)"),
            Typed("estimatedCost", ParseMoney, "an amount in EUR with decimal comma (1.234,56)", "kein Euro-Betrag mit Dezimalkomma (1.234,56)"),
            Typed("costSharingKey", EnumValue<CostSharingKey>, "equal, population or custom", "weder equal noch population noch custom"),
            Cell("proposedBy"),
            Typed("version", text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? version : (int?)null, "a version number", "keine Versionsnummer"),
            Typed("id", text => Guid.TryParse(text, out var id) ? id : (Guid?)null, "an id", "keine id"));
    }

    private static TEnum? EnumValue<TEnum>(string text)
        where TEnum : struct, Enum =>
        Enum.GetValues<TEnum>().Where(value => EnumText.ToText(value) == text).Select(value => (TEnum?)value).FirstOrDefault();

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>
    /// German money: decimal comma, thousands dots only in their places (<c>1.234,56</c>, <c>1234,56</c>, <c>1234</c>).
    /// A dot anywhere else (<c>1234.56</c>) is refused rather than read as 123456.
    /// </summary>
    private static decimal? ParseMoney(string text) =>
        MoneyPattern().IsMatch(text) && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowThousands | NumberStyles.AllowDecimalPoint, German, out var amount)
            ? amount
            : null;

    [GeneratedRegex(@"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex MoneyPattern();

    private static void AddFailures(int row, IEnumerable<FluentValidation.Results.ValidationFailure> failures, List<ImportError> errors) =>
        errors.AddRange(failures.Select(failure => new ImportError(row, JsonNamingPolicy.CamelCase.ConvertName(failure.PropertyName), failure.ErrorMessage)));

    /// <summary>The column a use case's refusal concerns.</summary>
    private static string FieldOf(string problemType) => problemType switch
    {
        ProjectLifecycle.ProjectClosedType => "status",
        ProblemTypes.PreconditionFailed => "version",
        _ => "code",
    };

    private static string Show(int? version) => version?.ToString(CultureInfo.InvariantCulture) ?? Localized.Text("(empty)", "(leer)");

    private static ImportFile FileError(int row, string message) => new([], [new ImportError(row, "file", message)]);

    private static List<ImportError> CheckHeader(string[] header)
    {
        var errors = new List<ImportError>();
        foreach (var duplicate in header.GroupBy(name => name, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            errors.Add(new(1, duplicate.Key, Localized.Text($"The column {duplicate.Key} appears more than once.", $"Die Spalte {duplicate.Key} kommt mehrfach vor.")));
        }

        foreach (var missing in Required.Except(header, StringComparer.Ordinal))
        {
            errors.Add(new(1, missing, Localized.Text($"The column {missing} is missing.", $"Die Spalte {missing} fehlt.")));
        }

        foreach (var unknown in header.Except(Required, StringComparer.Ordinal).Except(Ignored, StringComparer.Ordinal))
        {
            errors.Add(new(1, unknown, Localized.Text(
                $"The column '{unknown}' is not a column of the projects export.", $"Die Spalte „{unknown}“ gehört nicht zum Projektexport.")));
        }

        return errors;
    }
}
