using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>
/// The ETag of a region's whole list of fields of action: a hash of every item's id, version and position. It
/// changes when any item is created, edited, deleted or moved, so it guards a reorder against a list the caller
/// has not seen, and it validates every page of the list (a page is fully determined by the list and the query).
/// </summary>
public static class FieldsOfActionListETag
{
    public const string Description =
        "The ETag of the whole list (it changes when any item is added, changed, moved or removed); send it in `If-None-Match` to read again only when changed, or in `If-Match` of a reorder.";

    public static string For(IEnumerable<FieldOfActionStamp> stamps)
    {
        var text = new StringBuilder();
        // Sorted here rather than trusted from SQL, so the tag never depends on how an engine orders Guids.
        foreach (var stamp in stamps.OrderBy(s => s.Position).ThenBy(s => s.Id))
        {
            text.Append(CultureInfo.InvariantCulture, $"{stamp.Id:D}:{stamp.Version}:{stamp.Position};");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

    public static string For(IEnumerable<FieldOfActionRow> rows) =>
        For(rows.Select(row => new FieldOfActionStamp { Id = row.Id, Version = row.Version, Position = row.Position }));

    /// <summary>
    /// The list tag the caller last saw, from <c>If-Match</c>: 428 when missing. <see cref="Preconditions.RequireIfMatch"/>
    /// cannot serve here because it reads a resource version, and a list has a hash instead.
    /// </summary>
    public static string RequireIfMatch(HttpContext context)
    {
        var header = context.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new ApiProblemException(
                StatusCodes.Status428PreconditionRequired,
                ProblemTypes.PreconditionRequired,
                "If-Match required",
                "Send the list's current ETag in If-Match; list the fields of action to get it.");
        }

        return header;
    }

    /// <summary>412 unless one of the tags in <paramref name="ifMatch"/> is the current list tag (<c>*</c> never is).</summary>
    public static void EnsureCurrent(string ifMatch, string current)
    {
        var matches = ifMatch.Split(',')
            .Select(tag => tag.Trim())
            .Select(tag => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag)
            .Any(tag => tag == current);
        if (!matches)
        {
            throw Preconditions.StaleVersion();
        }
    }
}
