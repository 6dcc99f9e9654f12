using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Reads one agenda item of a meeting. A non-public item only for the region's coordinator and members (404 for
/// everyone else); a public one also for readers, admins and, in a region with <c>publicRead</c>, the public.
/// </summary>
public sealed class GetAgendaItemRequest
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/agenda-items/{itemId}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    public static string BuildRoute(string slug, Guid meetingId, Guid itemId) => $"{AddAgendaItemRequest.BuildRoute(slug, meetingId)}/{itemId:D}";
}

public sealed class GetAgendaItemEndpoint(SmartRegionDb db) : Endpoint<GetAgendaItemRequest, AgendaItemResponse>
{
    public override void Configure()
    {
        Get(GetAgendaItemRequest.Route);
        Description(
            b => b.WithName("getAgendaItem").WithSummary("Read an agenda item of a meeting").WithTags("Meetings")
                .Returns<AgendaItemResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetAgendaItemRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var (_, meeting) = await MeetingRules.RequireAsync(session, request.Slug, request.Id, Caller.From(User));
        var response = MeetingResponse.From(meeting).AgendaItems.FirstOrDefault(item => item.Id == request.ItemId)
            ?? throw AgendaItemRules.NotFound(request.Id, request.ItemId);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
