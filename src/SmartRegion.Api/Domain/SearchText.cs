using System.Globalization;
using System.Text;

namespace SmartRegion.Api.Domain;

/// <summary>
/// Folds text for search so that "mobilitat", "Mobilität" and "MOBILITÄT" all find "Mobilität": lower case,
/// ß → ss, accents and umlaut dots removed, whitespace collapsed. Stored folded next to the original and compared
/// with LIKE, so search behaves the same on SQLite and on any SQL Server collation.
/// </summary>
public static class SearchText
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var isSpace = char.IsWhiteSpace(c);
            if (isSpace && (lastWasSpace || folded.Length == 0))
            {
                continue;
            }

            folded.Append(isSpace ? ' ' : c);
            lastWasSpace = isSpace;
        }

        return folded.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    /// <summary>A LIKE pattern (escape character <c>\</c>) that finds <paramref name="query"/> anywhere in folded text.</summary>
    public static string ContainsPattern(string query)
    {
        var folded = Fold(query);
        var escaped = folded.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal)
            .Replace("[", "\\[", StringComparison.Ordinal);
        return $"%{escaped}%";
    }

    /// <summary>The searchable text of a project: code, title and summary, folded.</summary>
    public static string ForProject(string code, string title, string? summary) => Fold($"{code} {title} {summary}");
}
