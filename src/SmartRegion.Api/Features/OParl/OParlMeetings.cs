using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.OParl;

/// <summary>An agenda item as the OParl view reads it: whether it names projects (then it is a paper) and its latest decision.</summary>
public sealed record OParlAgendaRow
{
    public Guid Id { get; init; }

    public Guid MeetingId { get; init; }

    public string Number { get; init; } = string.Empty;

    public int Position { get; init; }

    public string Title { get; init; } = string.Empty;

    public bool IsPublic { get; init; }

    public int ProjectCount { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A decision recorded on an agenda item (the latest one counts: a correction supersedes).</summary>
public sealed record OParlAgendaDecisionRow(Guid AgendaItemId, string Result, string Text, DateTimeOffset DecidedAt, Guid Id);

/// <summary>A removed agenda item (migration 0015).</summary>
public sealed record OParlDeletedAgendaRow
{
    public Guid Id { get; init; }

    public Guid MeetingId { get; init; }

    public string Number { get; init; } = string.Empty;

    public int Position { get; init; }

    public bool HadProjects { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset DeletedAt { get; init; }
}

/// <summary>Maps meetings and agenda items to OParl objects, and the SQL they share.</summary>
public static class OParlMeetingMapping
{
    /// <summary>Agenda item columns of <c>a</c> for the OParl view.</summary>
    public const string AgendaColumns = """
        a.Id, a.MeetingId, a.Number, a.Position, a.Title, a.IsPublic,
        (SELECT COUNT(*) FROM AgendaItemProjects ap WHERE ap.AgendaItemId = a.Id) AS ProjectCount, a.CreatedAt, a.UpdatedAt
        """;

    public const string DecisionColumns = "d.AgendaItemId, d.Result, d.Text, d.DecidedAt, d.Id";

    /// <summary>OParl's meetingState for each state of a Lenkungskreis meeting.</summary>
    public static string MeetingState(MeetingState state) => state switch
    {
        Domain.MeetingState.Planned => "terminiert",
        Domain.MeetingState.Held => "durchgeführt",
        Domain.MeetingState.Closed => "abgeschlossen",
        Domain.MeetingState.Cancelled => "abgesagt",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static OParlMeeting Meeting(
        OParlUrls urls, string slug, MeetingRow meeting, IEnumerable<OParlAgendaRow> items, ILookup<Guid, OParlAgendaDecisionRow> decisions, bool withInternal)
    {
        OParlLocation? location = null;
        var description = string.Join(" · ", new[] { meeting.Location, meeting.OnlineLink is null ? null : $"Online: {meeting.OnlineLink}" }.OfType<string>());
        if (withInternal && description.Length > 0)
        {
            location = new OParlLocation(
                urls.Location(slug, meeting.Id), OParlTypes.Location, description, [urls.Meeting(slug, meeting.Id)], meeting.CreatedAt, meeting.UpdatedAt);
        }

        return new OParlMeeting(
            urls.Meeting(slug, meeting.Id),
            OParlTypes.Meeting,
            $"{meeting.Number}: {meeting.Title}",
            MeetingState(meeting.StateValue),
            meeting.StateValue == Domain.MeetingState.Cancelled,
            meeting.StartsAt,
            meeting.EndsAt,
            location,
            [urls.SteeringCommittee(slug)],
            withInternal ? items.OrderBy(item => item.Position).Select(item => AgendaItem(urls, slug, item, decisions[item.Id])).ToList() : null,
            [meeting.Number],
            meeting.CreatedAt,
            meeting.UpdatedAt);
    }

    public static OParlAgendaItem AgendaItem(OParlUrls urls, string slug, OParlAgendaRow item, IEnumerable<OParlAgendaDecisionRow> decisions)
    {
        var latest = decisions.OrderByDescending(d => d.DecidedAt).ThenByDescending(d => d.Id).FirstOrDefault();
        return new OParlAgendaItem(
            urls.AgendaItem(slug, item.Id),
            OParlTypes.AgendaItem,
            urls.Meeting(slug, item.MeetingId),
            item.Number,
            item.Position,
            item.Title,
            item.IsPublic,
            item.ProjectCount > 0 ? urls.Consultation(slug, item.Id) : null,
            latest is null ? null : latest.Result == "adopted" ? "beschlossen" : "abgelehnt",
            latest?.Text,
            item.CreatedAt,
            item.UpdatedAt);
    }

    public static OParlAgendaItem DeletedAgendaItem(OParlUrls urls, string slug, OParlDeletedAgendaRow item) => new(
        urls.AgendaItem(slug, item.Id), OParlTypes.AgendaItem, urls.Meeting(slug, item.MeetingId), item.Number, item.Position,
        null, null, null, null, null, item.CreatedAt, item.DeletedAt, Deleted: true);
}

/// <summary>
/// The OParl list of a region's Lenkungskreis meetings, in id order (stable while meetings change), each with its
/// agenda embedded (only public items for anonymous callers of a public region). Meetings are never deleted (a
/// cancelled one says <c>cancelled: true</c>); a meeting's <c>modified</c> moves with every change of its agenda.
/// </summary>
public sealed class ListOParlMeetingsRequest : OParlListQuery
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/meetings";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{OParlUrls.Prefix}/bodies/{Uri.EscapeDataString(slug)}/meetings";
}

public sealed class ListOParlMeetingsValidator : Validator<ListOParlMeetingsRequest>
{
    public ListOParlMeetingsValidator() => Include(new OParlListQueryRules());
}

public sealed class ListOParlMeetingsEndpoint(SmartRegionDb db) : Endpoint<ListOParlMeetingsRequest, OParlList<OParlMeeting>>
{
    public override void Configure()
    {
        Get(ListOParlMeetingsRequest.Route);
        Description(
            b => b.WithName("listOParlMeetings").WithSummary("OParl: list a body's meetings").WithTags("OParl")
                .ReturnsJson<OParlList<OParlMeeting>>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListOParlMeetingsRequest request, CancellationToken ct)
    {
        var cursor = OParlCursor.From(request);
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        var parameters = OParlCursor.Parameters(region.Id, request, cursor, OParlAccess.PublicOnly(Caller.From(User)));
        using var grid = await session.QueryMultipleAsync(cursor?.Backward == true ? Sql.Backward : Sql.Forward, parameters);
        var total = await grid.ReadSingleAsync<int>();
        var meetings = (await grid.ReadAsync<MeetingRow>()).ToList();
        var items = (await grid.ReadAsync<OParlAgendaRow>()).ToLookup(item => item.MeetingId);
        var decisions = (await grid.ReadAsync<OParlAgendaDecisionRow>()).ToLookup(decision => decision.AgendaItemId);
        var urls = OParlUrls.For(HttpContext.Request);
        await Send.OkAsync(
            OParlPaging.ToList(HttpContext.Request, request, cursor, total, meetings, m => m.Id,
                m => OParlMeetingMapping.Meeting(urls, request.Slug, m, items[m.Id], decisions, request.WithInternal)),
            ct);
    }

    internal static class Sql
    {
        private const string Rows = $"SELECT {MeetingsSql.Columns} FROM Meetings WHERE RegionId = @RegionId";

        public static readonly SqlStatement Forward = Batch(backward: false);

        public static readonly SqlStatement Backward = Batch(backward: true);

        private static SqlStatement Batch(bool backward)
        {
            var page = OParlPaging.CountAndPage(Rows, backward);
            var ids = OParlPaging.PageIds(Rows, backward);
            return SqlStatement.PerDialect(Embedded(page.Sqlite, ids.Sqlite), Embedded(page.SqlServer, ids.SqlServer));
        }

        private static string Embedded(string page, string ids) => $"""
            {page}
            SELECT {OParlMeetingMapping.AgendaColumns} FROM AgendaItems a
            WHERE a.MeetingId IN ({ids}) AND (@PublicOnly = 0 OR a.IsPublic = 1);
            SELECT {OParlMeetingMapping.DecisionColumns} FROM Decisions d
            INNER JOIN AgendaItems a ON a.Id = d.AgendaItemId
            WHERE a.MeetingId IN ({ids}) AND (@PublicOnly = 0 OR a.IsPublic = 1);
            """;
    }
}

/// <summary>One OParl Meeting of a body, with its agenda embedded (only public items for anonymous callers of a public region).</summary>
public sealed class GetOParlMeetingRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/meetings/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlMeetingEndpoint(SmartRegionDb db) : Endpoint<GetOParlMeetingRequest, OParlMeeting>
{
    public override void Configure()
    {
        Get(GetOParlMeetingRequest.Route);
        Description(
            b => b.WithName("getOParlMeeting").WithSummary("OParl: read a meeting with its agenda").WithTags("OParl")
                .ReturnsJson<OParlMeeting>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlMeetingRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, caller);
        using var grid = await session.QueryMultipleAsync(Sql.Whole, new { RegionId = region.Id, request.Id, PublicOnly = OParlAccess.PublicOnly(caller) });
        var meeting = await grid.ReadSingleOrDefaultAsync<MeetingRow>()
            ?? throw ApiProblemException.NotFound($"There is no meeting {request.Id} in body '{request.Slug}'.");
        var items = await grid.ReadAsync<OParlAgendaRow>();
        var decisions = (await grid.ReadAsync<OParlAgendaDecisionRow>()).ToLookup(decision => decision.AgendaItemId);
        await Send.OkAsync(OParlMeetingMapping.Meeting(OParlUrls.For(HttpContext.Request), request.Slug, meeting, items, decisions, withInternal: true), ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Whole = SqlStatement.Shared($"""
            SELECT {MeetingsSql.Columns} FROM Meetings WHERE RegionId = @RegionId AND Id = @Id;
            SELECT {OParlMeetingMapping.AgendaColumns} FROM AgendaItems a
            INNER JOIN Meetings m ON m.Id = a.MeetingId
            WHERE a.MeetingId = @Id AND m.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1);
            SELECT {OParlMeetingMapping.DecisionColumns} FROM Decisions d
            INNER JOIN AgendaItems a ON a.Id = d.AgendaItemId
            WHERE a.MeetingId = @Id AND d.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1);
            """);
    }
}

/// <summary>The OParl Location of a meeting: its location text and online link.</summary>
public sealed class GetOParlLocationRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/meetings/{id}/location";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlLocationEndpoint(SmartRegionDb db) : Endpoint<GetOParlLocationRequest, OParlLocation>
{
    public override void Configure()
    {
        Get(GetOParlLocationRequest.Route);
        Description(
            b => b.WithName("getOParlLocation").WithSummary("OParl: read where a meeting takes place").WithTags("OParl")
                .ReturnsJson<OParlLocation>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlLocationRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, Caller.From(User));
        var meeting = await session.QuerySingleOrDefaultAsync<MeetingRow>(MeetingsSql.Get, new { RegionId = region.Id, request.Id });
        var oparl = meeting is null ? null : OParlMeetingMapping.Meeting(OParlUrls.For(HttpContext.Request), request.Slug, meeting, [], Enumerable.Empty<OParlAgendaDecisionRow>().ToLookup(d => d.AgendaItemId), withInternal: true);
        await Send.OkAsync(oparl?.Location ?? throw ApiProblemException.NotFound($"Meeting {request.Id} of body '{request.Slug}' has no location."), ct);
    }
}

/// <summary>
/// One OParl AgendaItem. A removed item answers <c>deleted: true</c>; a non-public item is unknown (404) to
/// anonymous callers of a public region.
/// </summary>
public sealed class GetOParlAgendaItemRequest
{
    public const string Route = OParlUrls.Prefix + "/bodies/{slug}/agenda-items/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }
}

public sealed class GetOParlAgendaItemEndpoint(SmartRegionDb db) : Endpoint<GetOParlAgendaItemRequest, OParlAgendaItem>
{
    public override void Configure()
    {
        Get(GetOParlAgendaItemRequest.Route);
        Description(
            b => b.WithName("getOParlAgendaItem").WithSummary("OParl: read an agenda item").WithTags("OParl")
                .ReturnsJson<OParlAgendaItem>()
                .Problems(400, 404, 500, 503)
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetOParlAgendaItemRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await OParlAccess.RequireBodyAsync(session, request.Slug, caller);
        using var grid = await session.QueryMultipleAsync(Sql.Item, new { RegionId = region.Id, request.Id, PublicOnly = OParlAccess.PublicOnly(caller) });
        var item = await grid.ReadSingleOrDefaultAsync<OParlAgendaRow>();
        var decisions = await grid.ReadAsync<OParlAgendaDecisionRow>();
        var deleted = await grid.ReadSingleOrDefaultAsync<OParlDeletedAgendaRow>();
        var urls = OParlUrls.For(HttpContext.Request);
        var oparl = item is not null ? OParlMeetingMapping.AgendaItem(urls, request.Slug, item, decisions)
            : deleted is not null ? OParlMeetingMapping.DeletedAgendaItem(urls, request.Slug, deleted)
            : throw ApiProblemException.NotFound($"There is no agenda item {request.Id} in body '{request.Slug}'.");
        await Send.OkAsync(oparl, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Item = SqlStatement.Shared($"""
            SELECT {OParlMeetingMapping.AgendaColumns} FROM AgendaItems a
            INNER JOIN Meetings m ON m.Id = a.MeetingId
            WHERE a.Id = @Id AND m.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1);
            SELECT {OParlMeetingMapping.DecisionColumns} FROM Decisions d
            INNER JOIN AgendaItems a ON a.Id = d.AgendaItemId
            WHERE d.AgendaItemId = @Id AND d.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1);
            SELECT Id, MeetingId, Number, Position, HadProjects, CreatedAt, DeletedAt FROM DeletedAgendaItems WHERE Id = @Id AND RegionId = @RegionId;
            """);
    }
}
