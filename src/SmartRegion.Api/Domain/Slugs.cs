using System.Text.RegularExpressions;

namespace SmartRegion.Api.Domain;

/// <summary>A region's slug: lower-case letters, digits and single hyphens, 3–64 characters.</summary>
public static partial class Slugs
{
    public const int MaxLength = 64;

    public static bool IsValid(string? slug) => slug is { Length: >= 3 and <= MaxLength } && Pattern().IsMatch(slug);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
