using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>
/// Deactivates a municipality (admin, or the region's coordinator). Members are never deleted, because history
/// refers to them; the district cannot be deactivated, because a region always keeps its one district.
/// </summary>
public sealed class DeactivateMemberRequest
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}/deactivate";

    public string Slug { get; set; } = string.Empty;

    public string Ags { get; set; } = string.Empty;

    public static string BuildRoute(string slug, string ags) => $"{GetMemberRequest.BuildRoute(slug, ags)}/deactivate";
}

public sealed class DeactivateMemberEndpoint(SmartRegionDb db, Clock clock, ApiKeyStore keys) : Endpoint<DeactivateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Post(DeactivateMemberRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("deactivateMember").WithSummary("Deactivate a member").WithTags("Members")
                .Returns<MemberResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeactivateMemberRequest request, CancellationToken ct) =>
        await Send.OkAsync(await MemberActivation.ChangeAsync(db, clock, keys, HttpContext, request.Slug, request.Ags, activate: false, ct), ct);
}
