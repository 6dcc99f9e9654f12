using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Members;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OParl;

/// <summary>Maps the Lenkungskreis and the members of a region to OParl organisations.</summary>
public static class OParlOrganizationMapping
{
    public static OParlOrganization SteeringCommittee(OParlUrls urls, RegionRow region) => new(
        urls.SteeringCommittee(region.Slug), OParlTypes.Organization, urls.Body(region.Slug), "Lenkungskreis", "Gremium", "Lenkungskreis",
        "LK", urls.Meetings(region.Slug), DateOnly.FromDateTime(region.CreatedAt.UtcDateTime), null, region.CreatedAt, region.UpdatedAt);

    /// <summary>A member as an organisation of type Kommune; a deactivated one ends on the day it was deactivated.</summary>
    public static OParlOrganization Member(OParlUrls urls, string slug, MemberRow member) => new(
        urls.Member(slug, member.Ags), OParlTypes.Organization, urls.Body(slug), member.Name, "Kommune",
        member.Kind == "district" ? "Kreis" : "Stadt/Gemeinde", null, null,
        CouncilTime.Today(member.CreatedAt), member.DeactivatedAt is { } deactivated ? CouncilTime.Today(deactivated) : null,
        member.CreatedAt, member.UpdatedAt);
}

/// <summary>
/// The OParl organisations of a body: the Lenkungskreis, then every member of the region (deactivated ones with
/// their <c>endDate</c>) by AGS, on one page: a region has a few dozen members at most. The date filters apply.
/// </summary>
public sealed class ListOParlOrganizationsRequest : OParlListQuery
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/organizations";

    public string Slug { get; set; } = string.Empty;
}

public sealed class ListOParlOrganizationsValidator : Validator<ListOParlOrganizationsRequest>
{
    public ListOParlOrganizationsValidator() => Include(new OParlListQueryRules());
}

public sealed class ListOParlOrganizationsEndpoint(SmartRegionDb db) : Endpoint<ListOParlOrganizationsRequest, OParlList<OParlOrganization>>
{
    public override void Configure()
    {
        Get(ListOParlOrganizationsRequest.Route);
        Description(
            b => b.WithName("listOParlOrganizations").WithSummary("OParl: list a body's organisations (Lenkungskreis and members)").WithTags("OParl")
                .ReturnsJson<OParlList<OParlOrganization>>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListOParlOrganizationsRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        var members = await session.QueryAsync<MemberRow>(Sql.Members, new { RegionId = region.Id });
        var urls = OParlUrls.For(HttpContext.Request);
        var organizations = new[] { OParlOrganizationMapping.SteeringCommittee(urls, region) }
            .Concat(members.Select(member => OParlOrganizationMapping.Member(urls, request.Slug, member)))
            .Where(o => (request.CreatedSince is null || o.Created >= request.CreatedSince) && (request.CreatedUntil is null || o.Created <= request.CreatedUntil)
                && (request.ModifiedSince is null || o.Modified >= request.ModifiedSince) && (request.ModifiedUntil is null || o.Modified <= request.ModifiedUntil))
            .ToList();
        var page = new OParlList<OParlOrganization>(
            organizations, new OParlPagination(organizations.Count, Math.Max(organizations.Count, 1)), OParlPaging.SinglePage(HttpContext.Request));
        await Send.OkAsync(page, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Members = SqlStatement.Shared($"SELECT {MembersSql.Columns} FROM Members WHERE RegionId = @RegionId ORDER BY Ags");
    }
}

/// <summary>One OParl organisation of a body: <c>lenkungskreis</c>, or a member by its AGS.</summary>
public sealed class GetOParlOrganizationRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/organizations/{key}";

    public string Slug { get; set; } = string.Empty;

    /// <summary><c>lenkungskreis</c>, or the AGS of a member.</summary>
    public string Key { get; set; } = string.Empty;
}

public sealed class GetOParlOrganizationEndpoint(SmartRegionDb db) : Endpoint<GetOParlOrganizationRequest, OParlOrganization>
{
    public override void Configure()
    {
        Get(GetOParlOrganizationRequest.Route);
        Description(
            b => b.WithName("getOParlOrganization").WithSummary("OParl: read an organisation (the Lenkungskreis or a member)").WithTags("OParl")
                .ReturnsJson<OParlOrganization>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlOrganizationRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        var urls = OParlUrls.For(HttpContext.Request);
        if (request.Key == OParlUrls.SteeringCommitteeKey)
        {
            await Send.OkAsync(OParlOrganizationMapping.SteeringCommittee(urls, region), ct);
            return;
        }

        var member = await session.QuerySingleOrDefaultAsync<MemberRow>(Sql.Member, new { RegionId = region.Id, Ags = request.Key })
            ?? throw ApiProblemException.NotFound($"There is no organisation '{request.Key}' in body '{request.Slug}'.");
        await Send.OkAsync(OParlOrganizationMapping.Member(urls, request.Slug, member), ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Member = SqlStatement.Shared($"SELECT {MembersSql.Columns} FROM Members WHERE RegionId = @RegionId AND Ags = @Ags");
    }
}
