namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>Field limits of fields of action, shared by create and update (the column widths of the schema).</summary>
public static class FieldOfActionRules
{
    public const int NameMaxLength = 200;
    public const int DescriptionMaxLength = 4000;
}
