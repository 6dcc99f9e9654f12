using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Reads a circulation with its seats and votes (every role of the region). A read changes nothing: an open
/// circulation past its deadline shows <c>deadlinePassed: true</c> until the service has closed it.
/// </summary>
public sealed class GetCirculationRequest
{
    public const string Route = "/api/v1/regions/{slug}/circulations/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{OpenCirculationRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetCirculationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<GetCirculationRequest, CirculationResponse>
{
    public override void Configure()
    {
        Get(GetCirculationRequest.Route);
        Description(
            b => b.WithName("getCirculation").WithSummary("Read a circulation with its seats and votes").WithTags("Circulations")
                .Returns<CirculationResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetCirculationRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var circulation = await CirculationsSql.LoadAsync(session, region.Id, request.Id)
            ?? throw ApiProblemException.NotFound($"There is no circulation {request.Id} in region '{region.Slug}'.");
        var response = circulation.ToResponse(clock.Now());
        HttpContext.Response.Headers.ETag = response.ETag();
        // deadlinePassed turns true without a new version, so an open circulation past its deadline is always sent in full.
        if (!response.DeadlinePassed && Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
