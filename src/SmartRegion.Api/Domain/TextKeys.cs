namespace SmartRegion.Api.Domain;

/// <summary>Folds names for uniqueness checks, the same on every database engine and collation.</summary>
public static class TextKeys
{
    public static string ForName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant().ToLowerInvariant();
}
