using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Closes an open circulation now, with the votes cast so far, and records its decision (the region's coordinator,
/// with If-Match). When the decision's project change is not allowed, the close is refused with 409, the
/// circulation stays open and shows why in <c>closingBlocked</c>; cancelling it is the way out.
/// </summary>
public sealed class CloseCirculationRequest
{
    public const string Route = "/api/v1/regions/{slug}/circulations/{id}/close";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{GetCirculationRequest.BuildRoute(slug, id)}/close";
}

public sealed class CloseCirculationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CloseCirculationRequest, CirculationResponse>
{
    public override void Configure()
    {
        Post(CloseCirculationRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("closeCirculation").WithSummary("Close a circulation and record its decision").WithTags("Circulations")
                .Returns<CirculationResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CloseCirculationRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        Guid regionId;
        await using (var session = await db.OpenAsync(ct))
        {
            regionId = (await RegionAccess.RequireVisibleAsync(session, request.Slug, caller)).Id;
        }

        await CirculationClosing.CloseNowAsync(db, regionId, request.Id, expectedVersion, caller.Actor, clock.Now(), ct);
        await using var read = await db.OpenAsync(ct);
        var response = (await CirculationsSql.LoadAsync(read, regionId, request.Id))!.ToResponse(clock.Now());
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}
