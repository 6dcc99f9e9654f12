using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>Lists a region's decisions ordered by when they were taken (every role of the region). All filters combine.</summary>
public sealed class ListDecisionsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/decisions";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only decisions of one of these types; repeat the parameter for several (<c>?type=adopt_project&amp;type=promote_to_lead</c>).</summary>
    [QueryParam]
    [MaxLength(ListLimits.MaxItems)]
    public List<DecisionType>? Type { get; set; }

    /// <summary>Only decisions about this project (its id).</summary>
    [QueryParam]
    public Guid? Project { get; set; }

    /// <summary>Only decisions taken at this meeting (its id).</summary>
    [QueryParam]
    public Guid? Meeting { get; set; }

    /// <summary>Only decisions taken at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? From { get; set; }

    /// <summary>Only decisions taken before this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? To { get; set; }

    /// <summary>Only <c>adopted</c> or only <c>rejected</c> decisions.</summary>
    [QueryParam]
    public DecisionResult? Result { get; set; }

    /// <summary>Only decisions recorded at or after this instant (ISO 8601); decisions never change once recorded.</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/decisions";
}

public sealed class ListDecisionsValidator : Validator<ListDecisionsRequest>
{
    public ListDecisionsValidator()
    {
        Include(new PageQueryRules());
        RuleFor(r => r.Type).AtMostMaxItems();
    }
}

public sealed class ListDecisionsEndpoint(SmartRegionDb db) : Endpoint<ListDecisionsRequest, Page<DecisionResponse>>
{
    public override void Configure()
    {
        Get(ListDecisionsRequest.Route);
        Description(
            b => b.WithName("listDecisions").WithSummary("List a region's decisions, oldest first").WithTags("Decisions")
                .ReturnsPage<DecisionResponse>().AlsoCsv(DecisionPages.CsvColumnList)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListDecisionsRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenSnapshotAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var onlyPublic = !caller.SeesNonPublicAgenda;
        if (CsvExport.IsRequested(HttpContext.Request))
        {
            await DecisionPages.WriteCsvAsync(session, HttpContext, region.Id, request, onlyPublic, ct);
            return;
        }

        var page = await DecisionPages.ReadAsync(session, HttpContext, region.Id, request, request.Project, onlyPublic);
        await Send.OkAsync(page, ct);
    }
}

/// <summary>
/// A page of decisions with their votes, keyed by (decidedAt, id). Read it in a snapshot session
/// (<see cref="SmartRegionDb.OpenSnapshotAsync"/>): the votes are a second round trip, for the ids the page returned.
/// </summary>
public static class DecisionPages
{
    public static async Task<Page<DecisionResponse>> ReadAsync(
        DbSession session, HttpContext context, Guid regionId, PageQuery query, Guid? projectId, bool onlyPublic)
    {
        var after = Cursors.Decode<DecidedCursor>(query.Cursor);
        // Only the region-wide list has filters; a project's list is the same query fixed to its project.
        var rows = (await session.QueryAsync<DecisionRow>(
            Sql.Page, Parameters(regionId, query as ListDecisionsRequest, projectId, onlyPublic, after?.DecidedAt, after?.Id, query.PageSize + 1))).ToList();
        // The votes of exactly the decisions the page returned; a second run of the page query could select others.
        var shown = rows.Take(query.PageSize).Select(row => row.Id).ToList();
        var votes = (shown.Count == 0 ? [] : await session.QueryAsync<DecisionVoteRow>(Sql.Votes, new { DecisionIds = SqlIdList.Of(shown) }))
            .ToLookup(vote => vote.DecisionId);
        return Cursors.ToPage(context, rows, query.PageSize, row => new DecidedCursor(row.DecidedAt, row.Id), row => DecisionResponse.From(row, votes[row.Id]));
    }

    internal const string CsvColumnList =
        "reference, title, type, result, decidedAt, seats, present, yes, no, abstain, quorumPresent, projectId, meetingId, circulationId, supersedes, id, text";

    private static readonly string[] CsvColumns = CsvColumnList.Split(", ");

    /// <summary>
    /// Every decision matching the filters as CSV, oldest first, written in keyset batches of the page query (the
    /// figures are columns of the decision itself, so no votes are read).
    /// </summary>
    public static async Task WriteCsvAsync(DbSession session, HttpContext context, Guid regionId, ListDecisionsRequest filters, bool onlyPublic, CancellationToken ct)
    {
        const int Batch = PageQuery.MaxLimit;
        await using var csv = CsvExport.Begin(context, "decisions.csv");
        csv.WriteHeader(CsvColumns);
        DecidedCursor? after = null;
        while (true)
        {
            var rows = (await session.QueryAsync<DecisionRow>(
                Sql.Page, Parameters(regionId, filters, filters.Project, onlyPublic, after?.DecidedAt, after?.Id, Batch + 1))).ToList();
            foreach (var row in rows.Take(Batch))
            {
                await csv.WriteRecordAsync([
                    row.Reference, row.Title, row.Type, row.Result, CsvExport.Timestamp(row.DecidedAt),
                    Number(row.Seats), Number(row.Present), Number(row.Yes), Number(row.No), Number(row.Abstain), row.QuorumPresent ? "true" : "false",
                    row.ProjectId?.ToString("D"), row.MeetingId?.ToString("D"), row.CirculationId?.ToString("D"), row.Supersedes?.ToString("D"),
                    row.Id.ToString("D"), row.Text,
                ], ct);
            }

            await csv.FlushAsync(ct);
            if (rows.Count <= Batch)
            {
                return;
            }

            after = new DecidedCursor(rows[Batch - 1].DecidedAt, rows[Batch - 1].Id);
        }
    }

    private static string Number(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The page query's parameters; only the region-wide list has filters, a project's list is fixed to its project.</summary>
    private static object Parameters(
        Guid regionId, ListDecisionsRequest? filters, Guid? projectId, bool onlyPublic, DateTimeOffset? afterDecidedAt, Guid? afterId, int take)
    {
        var types = (filters?.Type ?? []).Distinct().Select(EnumText.ToText).ToList();
        return new
        {
            RegionId = regionId,
            TypeCount = types.Count,
            Types = types,
            ProjectId = projectId,
            OnlyPublic = onlyPublic,
            MeetingId = filters?.Meeting,
            FromDecidedAt = filters?.From,
            ToDecidedAt = filters?.To,
            Result = filters?.Result is { } result ? EnumText.ToText(result) : null,
            ModifiedSince = filters?.ModifiedSince,
            AfterDecidedAt = afterDecidedAt,
            AfterId = afterId,
            Take = take,
        };
    }

    private sealed record DecidedCursor(DateTimeOffset DecidedAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = $"""
            FROM Decisions d
            WHERE d.RegionId = @RegionId
              AND (@TypeCount = 0 OR d.Type IN @Types)
              AND (@ProjectId IS NULL OR d.ProjectId = @ProjectId)
              AND (@MeetingId IS NULL OR d.MeetingId = @MeetingId)
              AND (@FromDecidedAt IS NULL OR d.DecidedAt >= @FromDecidedAt)
              AND (@ToDecidedAt IS NULL OR d.DecidedAt < @ToDecidedAt)
              AND (@Result IS NULL OR d.Result = @Result)
              AND (@ModifiedSince IS NULL OR d.CreatedAt >= @ModifiedSince)
              AND {DecisionsSql.Visible}
              AND (@AfterDecidedAt IS NULL OR d.DecidedAt > @AfterDecidedAt OR (d.DecidedAt = @AfterDecidedAt AND d.Id > @AfterId))
            """;

        private const string Columns = """
            d.Id, d.RegionId, d.Reference, d.Title, d.Text, d.Type, d.ProjectId, d.MeetingId, d.AgendaItemId, d.CirculationId, d.Seats,
            d.Present, d.Yes, d.No, d.Abstain, d.QuorumPresent, d.Result, d.Supersedes, d.DecidedAt, d.Version, d.CreatedAt,
            d.EffectStatus, d.EffectCategory, d.EffectVersion, d.StrategyVersionId
            """;

        /// <summary>One page of decisions (and one more, to know whether a next page exists).</summary>
        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {Columns} {Filter} ORDER BY d.DecidedAt, d.Id LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {Columns} {Filter} ORDER BY d.DecidedAt, d.Id OPTION (RECOMPILE)");

        /// <summary>The votes of the decisions a page returned.</summary>
        public static readonly SqlStatement Votes = SqlStatement.Shared(
            "SELECT DecisionId, Ags, Vote FROM DecisionVotes WHERE DecisionId IN @DecisionIds");
    }
}
