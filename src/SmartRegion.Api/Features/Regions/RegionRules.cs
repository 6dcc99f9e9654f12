namespace SmartRegion.Api.Features.Regions;

/// <summary>Field limits of regions, shared by create and update.</summary>
public static class RegionRules
{
    public const int NameMaxLength = 200;
    public const int VisionMaxLength = 4000;
}
