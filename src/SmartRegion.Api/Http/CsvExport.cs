using System.Globalization;
using CsvHelper;
using Microsoft.Net.Http.Headers;

namespace SmartRegion.Api.Http;

/// <summary>Declares that an operation answers <c>text/csv</c> too when asked with <c>Accept: text/csv</c>.</summary>
public sealed record CsvResponseDeclaration(string Description);

/// <summary>Declares that an operation reads a <c>text/csv</c> request body, described by <paramref name="Description"/>.</summary>
public sealed record CsvRequestDeclaration(string Description);

/// <summary>
/// Lists as CSV for German Excel: UTF-8 with BOM (without it Excel reads ANSI and breaks umlauts), <c>;</c> as
/// separator and the decimal comma (what Excel expects under a German locale), ISO dates and UTC timestamps
/// (unambiguous, and Excel recognises them). Written row by row to the response, so no list is held in memory.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>True when the client's <c>Accept</c> names <c>text/csv</c> (with a quality above zero).</summary>
    public static bool IsRequested(HttpRequest request) =>
        MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted)
        && accepted.Any(media => media.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase) && (media.Quality ?? 1) > 0);

    /// <summary>Starts a CSV answer named <paramref name="fileName"/>; the caller writes the header and the rows.</summary>
    public static CsvWriter Begin(HttpContext context, string fileName)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = $"{ContentType}; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return CsvWriter.Create(
            context.Response.Body,
            new CsvWriterOptions { Separator = ';', NewLine = "\r\n", FormatProvider = German, WriteByteOrderMark = true, Injection = CsvInjection.Escape },
            leaveOpen: true);
    }

    /// <summary>A date as ISO 8601 (<c>2025-03-28</c>).</summary>
    public static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A timestamp as the JSON answers write it (UTC, ISO 8601).</summary>
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Money with the decimal comma and always two decimals, without thousands separators (Excel reads it as a number).</summary>
    public static string? Money(decimal? value) => value?.ToString("0.00", German);
}
