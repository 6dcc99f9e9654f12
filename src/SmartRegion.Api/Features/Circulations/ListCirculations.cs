using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Lists a region's circulations in the order they were opened (every role of the region). A read changes nothing:
/// an open circulation past its deadline shows <c>deadlinePassed: true</c> until the service has closed it.
/// </summary>
public sealed class ListCirculationsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/circulations";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only circulations in this state (<c>open</c>, <c>closed</c> or <c>cancelled</c>).</summary>
    [QueryParam]
    public CirculationState? State { get; set; }

    public static string BuildRoute(string slug) => OpenCirculationRequest.BuildRoute(slug);
}

public sealed class ListCirculationsValidator : Validator<ListCirculationsRequest>
{
    public ListCirculationsValidator() => Include(new PageQueryRules());
}

public sealed class ListCirculationsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ListCirculationsRequest, Page<CirculationResponse>>
{
    public override void Configure()
    {
        Get(ListCirculationsRequest.Route);
        Description(
            b => b.WithName("listCirculations").WithSummary("List a region's circulations, oldest first").WithTags("Circulations")
                .ReturnsPage<CirculationResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListCirculationsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<OpenedCursor>(request.Cursor);
        var caller = Caller.From(User);
        await using var session = await db.OpenSnapshotAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var rows = (await session.QueryAsync<CirculationRow>(Sql.Page, new
        {
            RegionId = region.Id,
            State = request.State is { } state ? EnumText.ToText(state) : null,
            AfterCreatedAt = after?.CreatedAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        })).ToList();
        // A second round trip, in the snapshot, for the seats of exactly the circulations the page returned: a
        // second run of the page query in one batch could select others after a concurrent write.
        var shown = rows.Take(request.PageSize).Select(row => row.Id).ToList();
        var seats = (shown.Count == 0 ? [] : await session.QueryAsync<CirculationSeatRow>(Sql.Seats, new { CirculationIds = SqlIdList.Of(shown) }))
            .ToLookup(seat => seat.CirculationId);
        var now = clock.Now();
        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new OpenedCursor(row.CreatedAt, row.Id), row => CirculationResponse.From(row, seats[row.Id], now)),
            ct);
    }

    private sealed record OpenedCursor(DateTimeOffset CreatedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            FROM Circulations c
            LEFT JOIN Decisions d ON d.Id = c.DecisionId
            WHERE c.RegionId = @RegionId
              AND (@State IS NULL OR c.State = @State)
              AND (@AfterCreatedAt IS NULL OR c.CreatedAt > @AfterCreatedAt OR (c.CreatedAt = @AfterCreatedAt AND c.Id > @AfterId))
            """;

        private const string Columns = CirculationsSql.ReadColumns;

        /// <summary>One page of circulations (and one more, to know whether a next page exists).</summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {Columns} {Filter} ORDER BY c.CreatedAt, c.Id LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {Columns} {Filter} ORDER BY c.CreatedAt, c.Id");

        /// <summary>The seats of the circulations a page returned.</summary>
        public static readonly SqlStatement Seats = SqlStatement.Shared(
            "SELECT CirculationId, Ags, Vote, VotedAt FROM CirculationSeats WHERE CirculationId IN @CirculationIds");
    }
}
