using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>Reads one member of a region by its AGS (the public without its contact).</summary>
public sealed class GetMemberRequest
{
    public const string Route = "/api/v1/regions/{slug}/members/{ags}";

    public string Slug { get; set; } = string.Empty;

    public string Ags { get; set; } = string.Empty;

    public static string BuildRoute(string slug, string ags) =>
        $"{ListMembersRequest.BuildRoute(slug)}/{Uri.EscapeDataString(ags)}";
}

public sealed class GetMemberEndpoint(SmartRegionDb db) : Endpoint<GetMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Get(GetMemberRequest.Route);
        Description(
            b => b.WithName("getMember").WithSummary("Read a member").WithTags("Members")
                .Returns<MemberResponse>()
                .HonoursIfNoneMatch()
                .AllowsPublicRead<PublicMemberResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetMemberRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var (_, member) = await MemberAccess.RequireAsync(session, request.Slug, request.Ags, caller);
        var response = MemberResponse.From(member);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (Preconditions.IsNotModified(HttpContext, response.ETag()))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(PublicMemberResponse.From(member)));
            return;
        }

        await Send.OkAsync(response, ct);
    }
}
