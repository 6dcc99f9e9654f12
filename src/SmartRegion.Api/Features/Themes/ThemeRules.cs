namespace SmartRegion.Api.Features.Themes;

/// <summary>Field limits of themes, shared by create and update (the column widths of the schema).</summary>
public static class ThemeRules
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 4000;
}
