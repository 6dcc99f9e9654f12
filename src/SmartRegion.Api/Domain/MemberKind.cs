namespace SmartRegion.Api.Domain;

/// <summary>Whether a member is the Kreis administration or one of its Städte und Gemeinden.</summary>
public enum MemberKind
{
    District,
    Municipality,
}
