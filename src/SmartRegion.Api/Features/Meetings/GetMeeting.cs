using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Reads a meeting with its agenda (in order, non-public items included: every role of the region reads them, and
/// nobody without credentials of the region) and its attendance (every role of the region).
/// </summary>
public sealed class GetMeetingRequest
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => $"{CreateMeetingRequest.BuildRoute(slug)}/{id:D}";
}

public sealed class GetMeetingEndpoint(SmartRegionDb db) : Endpoint<GetMeetingRequest, MeetingResponse>
{
    public override void Configure()
    {
        Get(GetMeetingRequest.Route);
        Description(
            b => b.WithName("getMeeting").WithSummary("Read a meeting with its agenda and attendance").WithTags("Meetings")
                .Returns<MeetingResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead<PublicMeetingResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetMeetingRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var (_, meeting) = await MeetingRules.RequireAsync(session, request.Slug, request.Id, caller);
        var response = MeetingResponse.From(meeting);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(PublicMeetingResponse.From(response)));
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
