using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>Reads one consultation comment with its disposition (every role of the region).</summary>
public sealed class GetStrategyCommentRequest
{
    public const string Route = "/api/v1/regions/{slug}/strategy/comments/{commentId}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The comment's id.</summary>
    public Guid CommentId { get; set; }

    public static string BuildRoute(string slug, Guid commentId) => $"{GetStrategyRequest.BuildRoute(slug)}/comments/{commentId:D}";
}

public sealed class GetStrategyCommentEndpoint(SmartRegionDb db) : Endpoint<GetStrategyCommentRequest, StrategyCommentResponse>
{
    public override void Configure()
    {
        Get(GetStrategyCommentRequest.Route);
        Description(
            b => b.WithName("getStrategyComment").WithSummary("Read a consultation comment on a strategy version").WithTags("Strategy")
                .Returns<StrategyCommentResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetStrategyCommentRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = StrategyCommentResponse.From(await StrategyCommentsSql.RequireAsync(session, region, request.CommentId));
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
