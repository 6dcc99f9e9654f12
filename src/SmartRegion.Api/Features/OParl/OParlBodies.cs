using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OParl;

/// <summary>
/// Who reads which body of the OParl view: the same rule as the API (the caller's own region; admins every region), and
/// anonymous callers of a region with <c>publicRead</c> (the public subset: public agenda items and their papers, no circulations).
/// </summary>
public static class OParlAccess
{
    public static Task<RegionRow> RequireBodyAsync(DbSession session, string slug, Caller caller) =>
        RegionAccess.RequireVisibleAsync(session, slug, caller);

    /// <summary>Whether the caller sees only the public subset (public agenda items, no non-public papers).</summary>
    public static bool PublicOnly(Caller caller) => caller.IsPublic;

    public static OParlBody Body(OParlUrls urls, RegionRow region) => new(
        urls.Body(region.Slug),
        OParlTypes.Body,
        urls.System,
        region.Name,
        region.Slug,
        region.KreisKey + "000",
        region.KreisKey + "0000000",
        "Smart Region (Kreis und kreisangehörige Kommunen)",
        urls.Organizations(region.Slug),
        urls.People(region.Slug),
        urls.Meetings(region.Slug),
        urls.Papers(region.Slug),
        [],
        region.CreatedAt,
        region.UpdatedAt);
}

/// <summary>The OParl System of this deployment: where the list of bodies (one per region) is. Any caller with credentials.</summary>
public sealed class GetOParlSystemEndpoint : EndpointWithoutRequest<OParlSystem>
{
    public const string Route = OParlUrls.Prefix + "/system";

    public const string ProductUrl = "https://github.com/smartregion/smartregion";

    public override void Configure()
    {
        Get(Route);
        Description(
            b => b.WithName("getOParlSystem").WithSummary("OParl: the system and its list of bodies").WithTags("OParl")
                .WithDescription("The entry point of the OParl 1.1 view for council information systems: names the OParl version and the URL of the body list (one Body per region the caller may read).")
                .ReturnsJson<OParlSystem>()
                .Problems(500),
            clearDefaults: true);
    }

    public override Task HandleAsync(CancellationToken ct)
    {
        var urls = OParlUrls.For(HttpContext.Request);
        return Send.OkAsync(new OParlSystem(urls.System, OParlTypes.System, OParlTypes.Version, "SmartRegion", urls.Bodies, ProductUrl, null), ct);
    }
}

/// <summary>The OParl list of bodies: the regions the caller may read (its own; every region for admins), in id order.</summary>
public sealed class ListOParlBodiesRequest : OParlListQuery
{
    public const string Route = OParlUrls.Prefix + "/bodies";
}

public sealed class ListOParlBodiesValidator : Validator<ListOParlBodiesRequest>
{
    public ListOParlBodiesValidator() => Include(new OParlListQueryRules());
}

public sealed class ListOParlBodiesEndpoint(SmartRegionDb db) : Endpoint<ListOParlBodiesRequest, OParlList<OParlBody>>
{
    public override void Configure()
    {
        Get(ListOParlBodiesRequest.Route);
        Description(
            b => b.WithName("listOParlBodies").WithSummary("OParl: list the bodies (regions) the caller may read").WithTags("OParl")
                .ReturnsJson<OParlList<OParlBody>>()
                .Problems(400, 500, 503),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListOParlBodiesRequest request, CancellationToken ct)
    {
        var cursor = OParlCursor.From(request);
        var caller = Caller.From(User);
        await using var session = await db.OpenAsync(ct);
        // RegionId null: every region (admins); a region-bound caller reads only its own.
        var parameters = OParlCursor.Parameters(Guid.Empty, request, cursor) with { OnlyRegionId = caller.IsAdmin ? null : caller.RegionId ?? Guid.Empty };
        using var grid = await session.QueryMultipleAsync(cursor?.Backward == true ? Sql.Backward : Sql.Forward, parameters);
        var total = await grid.ReadSingleAsync<int>();
        var regions = await grid.ReadAsync<RegionRow>();
        var urls = OParlUrls.For(HttpContext.Request);
        await Send.OkAsync(OParlPaging.ToList(HttpContext.Request, request, cursor, total, regions, r => r.Id, r => OParlAccess.Body(urls, r)), ct);
    }

    internal static class Sql
    {
        private const string Rows = """
            SELECT Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, Version, CreatedAt, UpdatedAt FROM Regions
            WHERE @OnlyRegionId IS NULL OR Id = @OnlyRegionId
            """;

        public static readonly SqlStatement Forward = OParlPaging.CountAndPage(Rows, backward: false);

        public static readonly SqlStatement Backward = OParlPaging.CountAndPage(Rows, backward: true);
    }
}

/// <summary>One OParl Body: a region, with the AGS and Regionalschlüssel of its district member.</summary>
public sealed class GetOParlBodyRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{OParlUrls.Prefix}/bodies/{Uri.EscapeDataString(slug)}";
}

public sealed class GetOParlBodyEndpoint(SmartRegionDb db) : Endpoint<GetOParlBodyRequest, OParlBody>
{
    public override void Configure()
    {
        Get(GetOParlBodyRequest.Route);
        Description(
            b => b.WithName("getOParlBody").WithSummary("OParl: read a body (a region)").WithTags("OParl")
                .ReturnsJson<OParlBody>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlBodyRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        await Send.OkAsync(OParlAccess.Body(OParlUrls.For(HttpContext.Request), region), ct);
    }
}

/// <summary>
/// A person of the OParl view. The view carries no personal data, so the person list of every body is empty; the
/// type exists because OParl's Body must name a person list.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Person">The OParl type URL.</param>
public sealed record OParlPerson(string Id, string Type, string Body, string Name);

/// <summary>The OParl person list of a body: always empty (no personal data in the view), with OParl's list shape.</summary>
public sealed class ListOParlPeopleRequest : OParlListQuery
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/people";

    public string Slug { get; set; } = string.Empty;
}

public sealed class ListOParlPeopleValidator : Validator<ListOParlPeopleRequest>
{
    public ListOParlPeopleValidator() => Include(new OParlListQueryRules());
}

public sealed class ListOParlPeopleEndpoint(SmartRegionDb db) : Endpoint<ListOParlPeopleRequest, OParlList<OParlPerson>>
{
    public override void Configure()
    {
        Get(ListOParlPeopleRequest.Route);
        Description(
            b => b.WithName("listOParlPeople").WithSummary("OParl: a body's person list, always empty").WithTags("OParl")
                .ReturnsJson<OParlList<OParlPerson>>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListOParlPeopleRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        await Send.OkAsync(OParlPaging.ToList(HttpContext.Request, request, null, 0, Array.Empty<OParlPerson>(), _ => Guid.Empty, p => p), ct);
    }
}
