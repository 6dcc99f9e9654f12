namespace SmartRegion.Api.Domain;

/// <summary>
/// Folds names and references into the keys that uniqueness and order use, computed here so that both engines
/// compare the same stored values byte by byte (SQLite's default, <c>Latin1_General_100_BIN2</c> on SQL Server)
/// instead of by a collation that differs between servers.
/// </summary>
public static class TextKeys
{
    /// <summary>Theme and field-of-action names: runs of white space become one space, case is folded (Unicode).</summary>
    public static string ForName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant().ToLowerInvariant();

    /// <summary>
    /// Meeting and agenda numbers, decision and circulation references: only ASCII letters are folded (to upper
    /// case), every other character stays as it is, so <c>lk 2025/1</c> is <c>LK 2025/1</c> but <c>Straße</c> is
    /// not <c>Strasse</c>. ASCII only, because migration 0007 computes the same key in SQL for existing rows
    /// (SQLite's <c>upper()</c> and SQL Server's <c>TRANSLATE</c> under a binary collation both fold exactly a–z).
    /// </summary>
    public static string ForReference(string reference) =>
        string.Create(reference.Length, reference, static (target, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                target[i] = char.IsAsciiLetterLower(source[i]) ? (char)(source[i] - ('a' - 'A')) : source[i];
            }
        });
}
