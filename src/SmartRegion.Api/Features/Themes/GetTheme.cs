using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>Reads one theme (every role of the region).</summary>
public sealed class GetThemeRequest
{
    public const string Route = "/api/v1/regions/{slug}/themes/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateThemeRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetThemeEndpoint(SmartRegionDb db) : Endpoint<GetThemeRequest, ThemeResponse>
{
    public override void Configure()
    {
        Get(GetThemeRequest.Route);
        Description(
            b => b.WithName("getTheme").WithSummary("Read a theme").WithTags("Themes")
                .Returns<ThemeResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetThemeRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var response = ThemeResponse.From(await ThemeAccess.RequireAsync(session, region, request.Id));
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
