using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Lists a region's meetings by start time, earliest first (every role of the region), without agenda, attendance
/// and minutes: read a meeting for those. All filters combine.
/// </summary>
public sealed class ListMeetingsRequest : PageQuery
{
    public const string Route = "/api/v1/regions/{slug}/meetings";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Only meetings in one of these states; repeat the parameter for several (<c>?state=planned&amp;state=held</c>).</summary>
    [QueryParam]
    [MaxLength(ListLimits.MaxItems)]
    public List<MeetingState>? State { get; set; }

    /// <summary>Only meetings starting at or after this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? From { get; set; }

    /// <summary>Only meetings starting before this instant (ISO 8601).</summary>
    [QueryParam]
    public DateTimeOffset? To { get; set; }

    /// <summary>Only meetings changed at or after this instant (ISO 8601), including changes of their agenda, attendance and minutes.</summary>
    [QueryParam]
    public DateTimeOffset? ModifiedSince { get; set; }

    public static string BuildRoute(string slug) => CreateMeetingRequest.BuildRoute(slug);
}

public sealed class ListMeetingsValidator : Validator<ListMeetingsRequest>
{
    public ListMeetingsValidator()
    {
        Include(new PageQueryRules());
        RuleFor(r => r.State).AtMostMaxItems();
    }
}

public sealed class ListMeetingsEndpoint(SmartRegionDb db) : Endpoint<ListMeetingsRequest, Page<MeetingSummaryResponse>>
{
    public override void Configure()
    {
        Get(ListMeetingsRequest.Route);
        Description(
            b => b.WithName("listMeetings").WithSummary("List a region's meetings by start time").WithTags("Meetings")
                .ReturnsPage<MeetingSummaryResponse>()
                .AllowsPublicReadPage<PublicMeetingSummaryResponse>(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ListMeetingsRequest request, CancellationToken ct)
    {
        var after = Cursors.Decode<StartCursor>(request.Cursor);
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        var states = (request.State ?? []).Distinct().Select(EnumText.ToText).ToList();
        var rows = await session.QueryAsync<MeetingRow>(Sql.Page, new
        {
            RegionId = region.Id,
            StateCount = states.Count,
            States = states,
            FromStartsAt = request.From is { } from ? MeetingRules.Normalize(from) : (DateTimeOffset?)null,
            ToStartsAt = request.To is { } to ? MeetingRules.Normalize(to) : (DateTimeOffset?)null,
            request.ModifiedSince,
            AfterStartsAt = after?.StartsAt,
            AfterId = after?.Id,
            Take = request.PageSize + 1,
        });
        if (caller.IsPublic)
        {
            await Send.ResultAsync(TypedResults.Ok(
                Cursors.ToPage(HttpContext, rows, request.PageSize, row => new StartCursor(row.StartsAt, row.Id), PublicMeetingSummaryResponse.From)));
            return;
        }

        await Send.OkAsync(
            Cursors.ToPage(HttpContext, rows, request.PageSize, row => new StartCursor(row.StartsAt, row.Id), MeetingSummaryResponse.From),
            ct);
    }

    private sealed record StartCursor(DateTimeOffset StartsAt, Guid Id);

    internal static class Sql
    {
        private const string Filter = """
            FROM Meetings m
            WHERE m.RegionId = @RegionId
              AND (@StateCount = 0 OR m.State IN @States)
              AND (@FromStartsAt IS NULL OR m.StartsAt >= @FromStartsAt)
              AND (@ToStartsAt IS NULL OR m.StartsAt < @ToStartsAt)
              AND (@ModifiedSince IS NULL OR m.UpdatedAt >= @ModifiedSince)
              AND (@AfterStartsAt IS NULL OR m.StartsAt > @AfterStartsAt OR (m.StartsAt = @AfterStartsAt AND m.Id > @AfterId))
            """;

        private const string Columns = """
            m.Id, m.RegionId, m.Number, m.Title, m.StartsAt, m.EndsAt, m.Location, m.OnlineLink, m.InvitationDate, m.State, m.Minutes,
            m.Version, m.CreatedAt, m.UpdatedAt
            """;

        public static readonly SqlStatement Page = SqlStatement.PerDialect(
            sqlite: $"SELECT {Columns} {Filter} ORDER BY m.StartsAt, m.Id LIMIT @Take",
            sqlServer: $"SELECT TOP (@Take) {Columns} {Filter} ORDER BY m.StartsAt, m.Id OPTION (RECOMPILE)");
    }
}
