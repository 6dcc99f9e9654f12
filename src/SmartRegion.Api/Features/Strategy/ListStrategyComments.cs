using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Lists the consultation comments on a strategy version in the order they came in; filters combine (every role of the region).</summary>
public sealed class ListStrategyCommentsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/strategy/versions/{versionId}/comments";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The strategy version's id.</summary>
    public Guid VersionId { get; set; }

    /// <summary>Only comments on this section.</summary>
    [QueryParam]
    public CommentSection? Section { get; set; }

    /// <summary>Only comments with this disposition.</summary>
    [QueryParam]
    public CommentDisposition? Disposition { get; set; }

    /// <summary><c>true</c>: only comments without a disposition yet; <c>false</c>: only weighed ones.</summary>
    [QueryParam]
    public bool? Open { get; set; }

    public static string BuildRoute(string slug, Guid versionId) => SubmitStrategyCommentRequest.BuildRoute(slug, versionId);
}

public sealed class ListStrategyCommentsValidator : Validator<ListStrategyCommentsRequest>
{
    public ListStrategyCommentsValidator() => Include(new PageQueryRules());
}

public sealed class ListStrategyCommentsEndpoint(SmartRegionDb db) : Endpoint<ListStrategyCommentsRequest, Page<StrategyCommentResponse>>
{
    private const string CsvColumnList =
        "createdAt, section, sectionId, authorAgs, onBehalfOf, text, disposition, dispositionReason, disposedAt, id";

    private static readonly string[] CsvColumns = CsvColumnList.Split(", ");

    public override void Configure()
    {
        Get(ListStrategyCommentsRequest.Route);
        Description(
            b => b.WithName("listStrategyComments").WithSummary("List the consultation comments on a strategy version").WithTags("Strategy")
                .ReturnsPage<StrategyCommentResponse>().AlsoCsv(CsvColumnList),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListStrategyCommentsRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var version = await StrategySql.RequireAsync(session, region, request.VersionId);
        if (CsvExport.IsRequested(HttpContext.Request))
        {
            await WriteCsvAsync(session, version, request, ct);
            return;
        }

        var after = Cursors.Decode<ListStrategyVersionsEndpoint.CreatedCursor>(request.Cursor);
        var rows = await session.QueryAsync<StrategyCommentRow>(Sql.Page, Parameters(version, request, after, request.PageSize + 1));
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new ListStrategyVersionsEndpoint.CreatedCursor(row.CreatedAt, row.Id), StrategyCommentResponse.From), ct);
    }

    /// <summary>Every comment matching the filters, in keyset batches of the page query.</summary>
    private async Task WriteCsvAsync(DbSession session, StrategyVersionRow version, ListStrategyCommentsRequest filters, CancellationToken ct)
    {
        const int Batch = PageQuery.MaxLimit;
        await using var csv = CsvExport.Begin(HttpContext, $"strategy-{version.Label}-comments.csv");
        csv.WriteHeader(CsvColumns);
        ListStrategyVersionsEndpoint.CreatedCursor? after = null;
        while (true)
        {
            var rows = (await session.QueryAsync<StrategyCommentRow>(Sql.Page, Parameters(version, filters, after, Batch + 1))).ToList();
            foreach (var row in rows.Take(Batch))
            {
                await csv.WriteRecordAsync([
                    CsvExport.Timestamp(row.CreatedAt), row.Section, row.SectionId?.ToString("D"), row.AuthorAgs, row.OnBehalfOf, row.Text,
                    row.Disposition, row.DispositionReason, row.DisposedAt is { } disposedAt ? CsvExport.Timestamp(disposedAt) : null, row.Id.ToString("D"),
                ], ct);
            }

            await csv.FlushAsync(ct);
            if (rows.Count <= Batch)
            {
                return;
            }

            after = new ListStrategyVersionsEndpoint.CreatedCursor(rows[Batch - 1].CreatedAt, rows[Batch - 1].Id);
        }
    }

    private static object Parameters(StrategyVersionRow version, ListStrategyCommentsRequest filters, ListStrategyVersionsEndpoint.CreatedCursor? after, int take) => new
    {
        VersionId = version.Id,
        Section = filters.Section is { } section ? EnumText.ToText(section) : null,
        Disposition = filters.Disposition is { } disposition ? EnumText.ToText(disposition) : null,
        OnlyOpen = filters.Open == true ? 1 : (int?)null,
        OnlyDisposed = filters.Open == false ? 1 : (int?)null,
        AfterCreatedAt = after?.CreatedAt,
        AfterId = after?.Id,
        Take = take,
    };

    internal static class Sql
    {
        private const string Filter = """
            FROM StrategyComments c
            WHERE c.StrategyVersionId = @VersionId
              AND (@Section IS NULL OR c.Section = @Section)
              AND (@Disposition IS NULL OR c.Disposition = @Disposition)
              AND (@OnlyOpen IS NULL OR c.Disposition IS NULL)
              AND (@OnlyDisposed IS NULL OR c.Disposition IS NOT NULL)
              AND (@AfterId IS NULL OR c.CreatedAt > @AfterCreatedAt OR (c.CreatedAt = @AfterCreatedAt AND c.Id > @AfterId))
            ORDER BY c.CreatedAt, c.Id
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {StrategyCommentsSql.Columns} {Filter} LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {StrategyCommentsSql.Columns} {Filter}");
    }
}
