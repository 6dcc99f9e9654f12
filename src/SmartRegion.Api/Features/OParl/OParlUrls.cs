namespace SmartRegion.Api.Features.OParl;

/// <summary>
/// The stable URLs of the OParl view, which are also the objects' ids. OParl wants absolute URLs: they are built from
/// the request's scheme, host and path base, so a deployment behind a proxy that forwards those serves its public
/// address. Every id is made from keys that never change (slug, UUID, AGS).
/// </summary>
public sealed class OParlUrls(string root)
{
    public const string Prefix = "/oparl/v1";

    /// <summary>The URL of the Lenkungskreis organisation's key beside the members' AGS.</summary>
    public const string SteeringCommitteeKey = "lenkungskreis";

    public static OParlUrls For(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}");

    public string System => $"{root}/system";

    public string Bodies => $"{root}/bodies";

    public string Body(string slug) => $"{Bodies}/{Uri.EscapeDataString(slug)}";

    public string Organizations(string slug) => $"{Body(slug)}/organizations";

    public string SteeringCommittee(string slug) => $"{Organizations(slug)}/{SteeringCommitteeKey}";

    public string Member(string slug, string ags) => $"{Organizations(slug)}/{ags}";

    public string People(string slug) => $"{Body(slug)}/people";

    public string Meetings(string slug) => $"{Body(slug)}/meetings";

    public string Meeting(string slug, Guid id) => $"{Meetings(slug)}/{id:D}";

    public string Location(string slug, Guid meetingId) => $"{Meeting(slug, meetingId)}/location";

    public string AgendaItem(string slug, Guid id) => $"{Body(slug)}/agenda-items/{id:D}";

    public string Papers(string slug) => $"{Body(slug)}/papers";

    public string Paper(string slug, Guid id) => $"{Papers(slug)}/{id:D}";

    public string Consultation(string slug, Guid paperId) => $"{Paper(slug, paperId)}/consultation";

    public string File(string slug, Guid participationId) => $"{Body(slug)}/files/{participationId:D}";
}
