using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>Reads one member's participation in a project (every role of the region).</summary>
public sealed class GetParticipationRequest
{
    public const string Route = "/api/v1/regions/{slug}/projects/{projectId}/participations/{ags}";

    public string Slug { get; set; } = string.Empty;

    public Guid ProjectId { get; set; }

    /// <summary>The member's AGS.</summary>
    public string Ags { get; set; } = string.Empty;

    public static string BuildRoute(string slug, Guid projectId, string ags) =>
        $"{ListProjectParticipationsRequest.BuildRoute(slug, projectId)}/{Uri.EscapeDataString(ags)}";
}

public sealed class GetParticipationEndpoint(SmartRegionDb db) : Endpoint<GetParticipationRequest, ParticipationResponse>
{
    public override void Configure()
    {
        Get(GetParticipationRequest.Route);
        Description(
            b => b.WithName("getParticipation").WithSummary("Read a member's participation in a project").WithTags("Participations")
                .Returns<ParticipationResponse>()
                .HonoursIfNoneMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetParticipationRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var row = await ParticipationAccess.RequireAsync(session, request.Slug, request.ProjectId, request.Ags, Caller.From(User));
        var response = ParticipationResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
