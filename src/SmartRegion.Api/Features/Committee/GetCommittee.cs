using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Committee;

/// <summary>Reads a region's Lenkungskreis: quorum rule and seats with delegates (every role of the region).</summary>
public sealed class GetCommitteeRequest
{
    public const string Route = "/api/v1/regions/{slug}/committee";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/committee";
}

public sealed class GetCommitteeEndpoint(SmartRegionDb db) : Endpoint<GetCommitteeRequest, CommitteeResponse>
{
    public override void Configure()
    {
        Get(GetCommitteeRequest.Route);
        Description(
            b => b.WithName("getCommittee").WithSummary("Read a region's Lenkungskreis with its quorum rule and seats").WithTags("Committee")
                .Returns<CommitteeResponse>(),
            clearDefaults: true);
    }

    // No 304 here: the ETag is the quorum setting's version (what updateCommittee matches), while the seats follow
    // the members and their delegates, so an unchanged ETag does not mean an unchanged body.
    public override async Task HandleAsync(GetCommitteeRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = await CommitteeSql.LoadAsync(session, region.Id);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}
