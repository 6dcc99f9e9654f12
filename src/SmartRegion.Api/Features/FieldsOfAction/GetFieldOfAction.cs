using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>Reads one field of action.</summary>
public sealed class GetFieldOfActionRequest
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateFieldOfActionRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetFieldOfActionEndpoint(SmartRegionDb db) : Endpoint<GetFieldOfActionRequest, FieldOfActionResponse>
{
    public override void Configure()
    {
        Get(GetFieldOfActionRequest.Route);
        Description(
            b => b.WithName("getFieldOfAction").WithSummary("Read a field of action").WithTags("Fields of action")
                .Returns<FieldOfActionResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetFieldOfActionRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, Caller.From(User));
        var row = await FieldOfActionAccess.RequireAsync(session, region, request.Id);
        var response = FieldOfActionResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
