namespace SmartRegion.Api.Auth;

/// <summary>The roles a credential can carry (domain.md, "Who may do what").</summary>
public static class RoleNames
{
    /// <summary>Platform operator: regions, members, credentials; not bound to a region.</summary>
    public const string Admin = "admin";

    /// <summary>The Kreis office of a region: everything in its region.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>A municipality's system, bound to one AGS.</summary>
    public const string Member = "member";

    /// <summary>Dashboards: read only.</summary>
    public const string Reader = "reader";

    /// <summary>
    /// An anonymous caller of a region with <c>publicRead</c>, on the endpoints that allow public reads only. No
    /// credential carries it (it is not in <see cref="All"/>): <see cref="PublicReadCallers"/> gives it.
    /// </summary>
    public const string Public = "public";

    /// <summary>The roles a credential can carry.</summary>
    public static readonly string[] All = [Admin, Coordinator, Member, Reader];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
