using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Decisions;

/// <summary>Reads one decision with its votes (every role of the region).</summary>
public sealed class GetDecisionRequest
{
    public const string Route = "/api/v1/regions/{slug}/decisions/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{ListDecisionsRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetDecisionEndpoint(SmartRegionDb db) : Endpoint<GetDecisionRequest, DecisionResponse>
{
    public override void Configure()
    {
        Get(GetDecisionRequest.Route);
        Description(
            b => b.WithName("getDecision").WithSummary("Read a decision with its votes").WithTags("Decisions")
                .Returns<DecisionResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetDecisionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var decision = await DecisionsSql.LoadAsync(session, region.Id, request.Id, onlyPublic: !caller.SeesNonPublicAgenda)
            ?? throw ApiProblemException.NotFound($"There is no decision {request.Id} in region '{region.Slug}'.");
        HttpContext.Response.Headers.ETag = decision.ETag();
        if (Preconditions.IsNotModified(HttpContext, decision.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(decision, ct);
    }
}
