using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>Reactivates a deactivated member (admin, or the region's coordinator).</summary>
public sealed class ReactivateMemberRequest
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}/reactivate";

    public string Slug { get; set; } = string.Empty;

    public string Ags { get; set; } = string.Empty;

    public static string BuildRoute(string slug, string ags) => $"{GetMemberRequest.BuildRoute(slug, ags)}/reactivate";
}

public sealed class ReactivateMemberEndpoint(SmartRegionDb db, Clock clock, ApiKeyStore keys) : Endpoint<ReactivateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Post(ReactivateMemberRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("reactivateMember").WithSummary("Reactivate a deactivated member").WithTags("Members")
                .Returns<MemberResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ReactivateMemberRequest request, CancellationToken ct) =>
        await Send.OkAsync(await MemberActivation.ChangeAsync(db, clock, keys, HttpContext, request.Slug, request.Ags, activate: true, ct), ct);
}
