using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OParl;

/// <summary>
/// The query of every OParl object list: OParl's filters (<c>created_since</c>, <c>created_until</c>,
/// <c>modified_since</c>, <c>modified_until</c>, <c>omit_internal</c>), the page size <c>limit</c> and the opaque
/// <c>cursor</c> that the list's <c>links</c> carry.
/// </summary>
public abstract class OParlListQuery
{
    /// <summary>Objects per page, 1–200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; set; }

    /// <summary>The position a link of an earlier page carries (<c>links.next</c>, <c>links.prev</c>, <c>links.last</c>); opaque.</summary>
    [QueryParam]
    public string? Cursor { get; set; }

    /// <summary>Only objects created at or after this instant (ISO 8601 with offset).</summary>
    [QueryParam]
    [BindFrom("created_since")]
    public DateTimeOffset? CreatedSince { get; set; }

    /// <summary>Only objects created at or before this instant (ISO 8601 with offset).</summary>
    [QueryParam]
    [BindFrom("created_until")]
    public DateTimeOffset? CreatedUntil { get; set; }

    /// <summary>Only objects changed at or after this instant (ISO 8601 with offset); removed objects are listed as <c>deleted: true</c>.</summary>
    [QueryParam]
    [BindFrom("modified_since")]
    public DateTimeOffset? ModifiedSince { get; set; }

    /// <summary>Only objects changed at or before this instant (ISO 8601 with offset).</summary>
    [QueryParam]
    [BindFrom("modified_until")]
    public DateTimeOffset? ModifiedUntil { get; set; }

    /// <summary><c>true</c>: leave out embedded (internal) objects, e.g. a meeting's agenda items and location, a paper's consultations and files.</summary>
    [QueryParam]
    [BindFrom("omit_internal")]
    public bool? OmitInternal { get; set; }

    public int PageSize => Limit ?? PageQuery.DefaultLimit;

    public bool WithInternal => OmitInternal != true;
}

/// <summary>Shape rules of every OParl list query.</summary>
public sealed class OParlListQueryRules : AbstractValidator<OParlListQuery>
{
    public OParlListQueryRules()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(500);
    }
}

/// <summary>
/// Keyset paging for OParl lists in both directions, so that <c>links</c> can offer <c>first</c>, <c>prev</c>,
/// <c>next</c> and <c>last</c>: a cursor holds the id after which (or before which) a page starts. Lists are ordered
/// by id, which never changes, so a walk with <c>modified_since</c> sees every object once even while objects change.
/// </summary>
public sealed record OParlCursor(Guid? After, Guid? Before, bool Last = false)
{
    public bool Backward => Before is not null || Last;

    public static OParlCursor? From(OParlListQuery query) => Cursors.Decode<OParlCursor>(query.Cursor);

    /// <summary>The parameters of a page query: filters, the keyset bound, how many rows to fetch, and who asks.</summary>
    public static OParlPageParameters Parameters(Guid regionId, OParlListQuery query, OParlCursor? cursor, bool publicOnly = false) => new()
    {
        RegionId = regionId,
        CreatedSince = query.CreatedSince,
        CreatedUntil = query.CreatedUntil,
        ModifiedSince = query.ModifiedSince,
        ModifiedUntil = query.ModifiedUntil,
        AfterId = cursor?.After,
        BeforeId = cursor?.Before,
        Take = query.PageSize + 1,
        PublicOnly = publicOnly,
    };
}

/// <summary>The parameters of an OParl page query (a statement uses those it names).</summary>
public sealed record OParlPageParameters
{
    public Guid RegionId { get; init; }

    /// <summary>The body list only: null for every region (admins), else the caller's region.</summary>
    public Guid? OnlyRegionId { get; init; }

    public DateTimeOffset? CreatedSince { get; init; }

    public DateTimeOffset? CreatedUntil { get; init; }

    public DateTimeOffset? ModifiedSince { get; init; }

    public DateTimeOffset? ModifiedUntil { get; init; }

    public Guid? AfterId { get; init; }

    public Guid? BeforeId { get; init; }

    public int Take { get; init; }

    /// <summary>Only the public subset (anonymous callers of a public region).</summary>
    public bool PublicOnly { get; init; }
}

/// <summary>SQL pieces and page assembly shared by the OParl lists.</summary>
public static class OParlPaging
{
    /// <summary>The OParl date filters on <c>p.CreatedAt</c> and <c>p.UpdatedAt</c>.</summary>
    public const string DateFilter = """
        (@CreatedSince IS NULL OR p.CreatedAt >= @CreatedSince)
        AND (@CreatedUntil IS NULL OR p.CreatedAt <= @CreatedUntil)
        AND (@ModifiedSince IS NULL OR p.UpdatedAt >= @ModifiedSince)
        AND (@ModifiedUntil IS NULL OR p.UpdatedAt <= @ModifiedUntil)
        """;

    /// <summary>
    /// Two statements over <paramref name="rows"/> (a query whose rows have <c>Id</c>, <c>CreatedAt</c> and
    /// <c>UpdatedAt</c>): the number of rows the filters select, then one page of them plus one, in id order
    /// (forward, after <c>@AfterId</c>) or reverse id order (backward, before <c>@BeforeId</c>).
    /// </summary>
    public static SqlStatement CountAndPage(string rows, bool backward)
    {
        var bound = backward ? "(@BeforeId IS NULL OR p.Id < @BeforeId)" : "(@AfterId IS NULL OR p.Id > @AfterId)";
        var order = backward ? "ORDER BY p.Id DESC" : "ORDER BY p.Id";
        return SqlStatement.PerDialect(
            sqlite: $"""
                SELECT COUNT(*) FROM ({rows}) p WHERE {DateFilter};
                SELECT p.* FROM ({rows}) p WHERE {DateFilter} AND {bound} {order} LIMIT @Take;
                """,
            sqlServer: $"""
                SELECT COUNT(*) FROM ({rows}) p WHERE {DateFilter};
                SELECT TOP (@Take) p.* FROM ({rows}) p WHERE {DateFilter} AND {bound} {order};
                """);
    }

    /// <summary>The ids of the page <see cref="CountAndPage"/> selects, as a subquery for the rows embedded in its objects.</summary>
    public static SqlStatement PageIds(string rows, bool backward)
    {
        var bound = backward ? "(@BeforeId IS NULL OR p.Id < @BeforeId)" : "(@AfterId IS NULL OR p.Id > @AfterId)";
        var order = backward ? "ORDER BY p.Id DESC" : "ORDER BY p.Id";
        return SqlStatement.PerDialect(
            sqlite: $"SELECT p.Id FROM ({rows}) p WHERE {DateFilter} AND {bound} {order} LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) p.Id FROM ({rows}) p WHERE {DateFilter} AND {bound} {order}");
    }

    /// <summary>
    /// Cuts the rows of a page query (limit + 1, in query order) into the page and builds OParl's links: absolute
    /// URLs of this request with every parameter kept but the cursor.
    /// </summary>
    public static OParlList<TItem> ToList<TRow, TItem>(
        HttpRequest request, OParlListQuery query, OParlCursor? cursor, int total, IEnumerable<TRow> rows, Func<TRow, Guid> idOf, Func<TRow, TItem> map)
    {
        var limit = query.PageSize;
        var list = rows.ToList();
        var more = list.Count > limit;
        var page = list.Take(limit).ToList();
        bool hasPrev, hasNext;
        if (cursor?.Backward == true)
        {
            page.Reverse();
            hasPrev = more;
            hasNext = cursor.Before is not null;
        }
        else
        {
            hasPrev = cursor?.After is not null;
            hasNext = more;
        }

        var first = PageUrl(request, null);
        var links = new OParlListLinks(
            first,
            hasPrev && page.Count > 0 ? PageUrl(request, new OParlCursor(null, idOf(page[0]))) : null,
            hasNext && page.Count > 0 ? PageUrl(request, new OParlCursor(idOf(page[^1]), null)) : null,
            PageUrl(request, new OParlCursor(null, null, Last: true)));
        return new OParlList<TItem>(page.Select(map).ToList(), new OParlPagination(total, limit), links);
    }

    /// <summary>The links of a list that always fits on one page: first and last are this request's URL.</summary>
    public static OParlListLinks SinglePage(HttpRequest request)
    {
        var self = PageUrl(request, null);
        return new OParlListLinks(self, null, null, self);
    }

    private static string PageUrl(HttpRequest request, OParlCursor? cursor)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(pair => !string.Equals(pair.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)));
        if (cursor is not null)
        {
            query = query.Append(new KeyValuePair<string, string?>("cursor", Cursors.Encode(cursor)));
        }

        return QueryHelpers.AddQueryString($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", query);
    }
}
