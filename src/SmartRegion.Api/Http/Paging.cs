using System.Buffers.Text;
using System.Text.Json;
using FastEndpoints;
using FluentValidation;
using Microsoft.AspNetCore.WebUtilities;

namespace SmartRegion.Api.Http;

/// <summary>Query parameters every list takes: <c>limit</c> (1–200, default 50) and the opaque <c>cursor</c>.</summary>
public abstract class PageQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>Items per page, 1–200 (default 50).</summary>
    [QueryParam]
    public int? Limit { get; set; }

    /// <summary>The <c>nextCursor</c> of the previous page.</summary>
    [QueryParam]
    public string? Cursor { get; set; }

    public int PageSize => Limit ?? DefaultLimit;
}

/// <summary>Shape rules shared by every list request.</summary>
public sealed class PageQueryRules : AbstractValidator<PageQuery>
{
    public PageQueryRules()
    {
        RuleFor(q => q.Limit).InclusiveBetween(1, PageQuery.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(500);
    }
}

/// <summary>One page of a list: the items and, when more follow, the cursor of the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Keyset cursors: the sort key of the last item of a page, as base64url JSON. Opaque to clients; a cursor
/// that does not decode is a 400, never a 500.
/// </summary>
public static class Cursors
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Encode<TKey>(TKey key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key, Json));

    public static TKey? Decode<TKey>(string? cursor)
        where TKey : class
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<TKey>(Base64Url.DecodeFromChars(cursor), Json)
                ?? throw InvalidCursor();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            throw InvalidCursor();
        }
    }

    /// <summary>
    /// Cuts the <paramref name="limit"/>+1 rows a query fetched into a page; the extra row only tells that more
    /// follow. Also sets the <c>Link: rel="next"</c> header.
    /// </summary>
    public static Page<TItem> ToPage<TRow, TItem, TKey>(
        HttpContext context, IEnumerable<TRow> rows, int limit, Func<TRow, TKey> keyOf, Func<TRow, TItem> map)
    {
        var list = rows.Take(limit + 1).ToList();
        string? next = null;
        if (list.Count > limit)
        {
            list.RemoveAt(limit);
            next = Encode(keyOf(list[^1]));
            AddNextLink(context, next);
        }

        var items = new List<TItem>(list.Count);
        foreach (var row in list)
        {
            items.Add(map(row));
        }

        return new Page<TItem>(items, next);
    }

    /// <summary>Sets <c>Link: rel="next"</c>: the same query with <paramref name="cursor"/> as its cursor.</summary>
    public static void AddNextLink(HttpContext context, string cursor) =>
        context.Response.Headers.Append("Link", $"<{NextPageUrl(context.Request, cursor)}>; rel=\"next\"");

    private static string NextPageUrl(HttpRequest request, string cursor)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(pair => !string.Equals(pair.Key, "cursor", StringComparison.OrdinalIgnoreCase))
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .Append(new KeyValuePair<string, string?>("cursor", cursor));
        return QueryHelpers.AddQueryString($"{request.PathBase}{request.Path}", query);
    }

    private static ApiProblemException InvalidCursor() =>
        ApiProblemException.Invalid("The cursor is not one this API issued; start again without a cursor.");
}
