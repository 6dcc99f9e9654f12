using System.Security.Cryptography;
using System.Text;
using FastEndpoints;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// The region's Lenkungskreis meetings as an iCalendar feed (RFC 5545) for calendar clients: one VEVENT per
/// meeting with a stable UID, SEQUENCE = the meeting's version (it grows with every change), STATUS:CANCELLED for
/// cancelled meetings, location and online link, times in Europe/Berlin with its VTIMEZONE, the agenda in the
/// description. Every role of the region; anonymous callers of a region with <c>publicRead</c> get the public agenda
/// items only. Conditional: If-None-Match with the ETag answers 304.
/// </summary>
public sealed class GetMeetingCalendarRequest
{
    public const string Route = "/api/v1/regions/{slug}/meetings.ics";

    public string Slug { get; set; } = string.Empty;

    public static string BuildRoute(string slug) => $"{GetRegionRequest.BuildRoute(slug)}/meetings.ics";
}

public sealed class GetMeetingCalendarEndpoint(SmartRegionDb db) : Endpoint<GetMeetingCalendarRequest>
{
    public const string ContentType = "text/calendar";

    public override void Configure()
    {
        Get(GetMeetingCalendarRequest.Route);
        Description(
            b => b.WithName("getMeetingCalendar").WithSummary("The region's meetings as an iCalendar feed").WithTags("Meetings")
                .ReturnsCalendar()
                .WithDerivedETag("A hash of the calendar; send it in `If-None-Match` to download it again only when a meeting changed.")
                .HonoursIfNoneMatch()
                .AllowsPublicRead(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(GetMeetingCalendarRequest request, CancellationToken ct)
    {
        await using var session = await db.OpenAsync(ct);
        var caller = Caller.From(User);
        var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
        using var grid = await session.QueryMultipleAsync(Sql.All, new { RegionId = region.Id, PublicOnly = caller.IsPublic });
        var meetings = (await grid.ReadAsync<MeetingRow>()).ToList();
        var items = (await grid.ReadAsync<AgendaItemRow>()).ToLookup(item => item.MeetingId);
        var text = MeetingCalendar.Write(region, meetings, items, HttpContext.Request.Host.Host);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32] + "\"";
        HttpContext.Response.Headers.ETag = etag;
        if (Preconditions.IsNotModified(HttpContext, etag))
        {
            await Send.NotModifiedAsync(ct);
            return;
        }

        await Send.StringAsync(text, contentType: $"{ContentType}; charset=utf-8", cancellation: ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement All = SqlStatement.Shared($"""
            SELECT {MeetingsSql.Columns} FROM Meetings WHERE RegionId = @RegionId ORDER BY StartsAt, Id;
            SELECT a.Id, a.MeetingId, a.Number, a.Position, a.Title, a.Description, a.IsPublic, a.Version, a.CreatedAt, a.UpdatedAt
            FROM AgendaItems a INNER JOIN Meetings m ON m.Id = a.MeetingId
            WHERE m.RegionId = @RegionId AND (@PublicOnly = 0 OR a.IsPublic = 1)
            ORDER BY a.MeetingId, a.Position;
            """);
    }
}

/// <summary>Writes the meetings of a region as an iCalendar text with Ical.Net.</summary>
public static class MeetingCalendar
{
    public static string Write(RegionRow region, IEnumerable<MeetingRow> meetings, ILookup<Guid, AgendaItemRow> agenda, string host)
    {
        var calendar = new Calendar { ProductId = "-//SmartRegion//Lenkungskreis//DE" };
        calendar.AddProperty("X-WR-CALNAME", $"Lenkungskreis – {region.Name}");
        calendar.AddProperty("X-WR-TIMEZONE", CouncilTime.TimeZoneId);
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(CouncilTime.TimeZoneId));
        foreach (var meeting in meetings)
        {
            var items = agenda[meeting.Id].OrderBy(item => item.Position).ToList();
            var description = new StringBuilder($"{meeting.Number}: {meeting.Title}");
            if (meeting.OnlineLink is { } link)
            {
                description.Append("\nOnline: ").Append(link);
            }

            if (items.Count > 0)
            {
                description.Append("\n\nTagesordnung:");
                foreach (var item in items)
                {
                    description.Append('\n').Append(item.Number).Append(' ').Append(item.Title);
                }
            }

            var calendarEvent = new CalendarEvent
            {
                // Stable: the meeting's id never changes, whatever is edited.
                Uid = $"meeting-{meeting.Id:D}@{host}",
                Sequence = meeting.Version,
                Summary = $"{meeting.Number}: {meeting.Title}",
                Description = description.ToString(),
                Location = meeting.Location ?? meeting.OnlineLink,
                Url = meeting.OnlineLink is { } online && Uri.TryCreate(online, UriKind.Absolute, out var url) ? url : null,
                Start = Berlin(meeting.StartsAt),
                End = Berlin(meeting.EndsAt),
                DtStamp = new CalDateTime(meeting.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
                LastModified = new CalDateTime(meeting.UpdatedAt.UtcDateTime, CalDateTime.UtcTzId),
                Created = new CalDateTime(meeting.CreatedAt.UtcDateTime, CalDateTime.UtcTzId),
                Status = meeting.StateValue == MeetingState.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            };
            calendar.Events.Add(calendarEvent);
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? string.Empty;
    }

    private static CalDateTime Berlin(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(CouncilTime.TimeZoneId));
        return new CalDateTime(local.DateTime, CouncilTime.TimeZoneId);
    }
}
