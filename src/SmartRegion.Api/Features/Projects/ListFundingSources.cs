using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Projects;

/// <summary>Lists a project's funding sources in the order they were added (every role of the region).</summary>
public sealed class ListFundingSourcesRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/projects/{id}/funding";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The project's id.</summary>
    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid projectId) => AddFundingSourceRequest.BuildRoute(slug, projectId);
}

public sealed class ListFundingSourcesValidator : Validator<ListFundingSourcesRequest>
{
    public ListFundingSourcesValidator() => Include(new PageQueryRules());
}

public sealed class ListFundingSourcesEndpoint(SmartRegionDb db) : Endpoint<ListFundingSourcesRequest, Page<FundingSourceResponse>>
{
    public override void Configure()
    {
        Get(ListFundingSourcesRequest.Route);
        Description(
            b => b.WithName("listFundingSources").WithSummary("List a project's funding sources in the order they were added").WithTags("Projects")
                .ReturnsPage<FundingSourceResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListFundingSourcesRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<AddedCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        // 404 for a project outside the caller's region; an empty page would not tell it from a project without funding.
        await ProjectAccess.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var rows = await session.QueryAsync<FundingRow>(Sql.Page, new
        {
            ProjectId = request.Id,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        await Send.OkAsync(Cursors.ToPage(HttpContext, rows, request.PageSize, row => new AddedCursor(row.CreatedAt, row.Id), FundingSourceResponse.From), ct);
    }

    private sealed record AddedCursor(DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            WHERE ProjectId = @ProjectId
              AND (@AfterId IS NULL OR CreatedAt > @AfterCreatedAt OR (CreatedAt = @AfterCreatedAt AND Id > @AfterId))
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"""
                SELECT {ProjectsSql.FundingColumns}
                FROM FundingSources
                {Filter}
                ORDER BY CreatedAt, Id
                LIMIT @Take
                """,
            sqlServer: $"""
                SELECT TOP (@Take) {ProjectsSql.FundingColumns}
                FROM FundingSources
                {Filter}
                ORDER BY CreatedAt, Id
                """);
    }
}
