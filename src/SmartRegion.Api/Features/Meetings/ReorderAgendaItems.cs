using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Puts a planned meeting's agenda into a new order (the region's coordinator). The body names every agenda item
/// exactly once; If-Match carries the meeting's ETag, which moves with every agenda change, so an order decided on
/// an agenda that has changed since is refused (412) instead of misplacing the new or moved items.
/// </summary>
public sealed record ReorderAgendaItemsRequest : IHasExample<ReorderAgendaItemsRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/agenda-items/reorder";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>The ids of all the meeting's agenda items, in the new order.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid> Ids { get; set; } = [];

    public static ReorderAgendaItemsRequest Example => new()
    {
        Ids =
        [
            new Guid("01961a2b-5c01-7d4e-9f10-2b3c4d5e6f01"),
            new Guid("01961a2b-5c03-7d4e-9f10-2b3c4d5e6f03"),
            new Guid("01961a2b-5c02-7d4e-9f10-2b3c4d5e6f02"),
            new Guid("01961a2b-5c04-7d4e-9f10-2b3c4d5e6f04"),
        ],
    };

    public static string BuildRoute(string slug, Guid meetingId) => $"{AddAgendaItemRequest.BuildRoute(slug, meetingId)}/reorder";
}

public sealed class ReorderAgendaItemsValidator : Validator<ReorderAgendaItemsRequest>
{
    public ReorderAgendaItemsValidator()
    {
        RuleFor(r => r.Ids).AtMostMaxItems();
        RuleFor(r => r.Ids).NotNull()
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count).WithMessage("Name each agenda item only once.", "Jeder Tagesordnungspunkt darf nur einmal genannt werden.");
    }
}

public sealed class ReorderAgendaItemsEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ReorderAgendaItemsRequest, MeetingResponse>
{
    public override void Configure()
    {
        Post(ReorderAgendaItemsRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("reorderAgendaItems").WithSummary("Put a planned meeting's agenda into a new order").WithTags("Meetings")
                .JsonBody<ReorderAgendaItemsRequest>()
                .Returns<MeetingResponse>()
                .Problems(409)
                .RequiresIfMatch().Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ReorderAgendaItemsRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var ordered = await db.InTransactionAsync(
            async session =>
            {
                var (_, whole) = await MeetingRules.RequireAsync(session, request.Slug, request.Id, caller);
                var meeting = whole.Meeting;
                MeetingLifecycle.EnsurePlanned(meeting.StateValue);
                Preconditions.EnsureCurrent(expectedVersion, meeting.Version);
                var byId = whole.AgendaItems.ToDictionary(item => item.Id);
                if (request.Ids.Count != byId.Count || !request.Ids.All(byId.ContainsKey))
                {
                    ThrowError(r => r.Ids, $"Name each of the meeting's {byId.Count} agenda items exactly once, and no others.");
                }

                await MeetingsSql.TouchAsync(session, meeting, now);
                var moved = new List<Guid>();
                for (var index = 0; index < request.Ids.Count; index++)
                {
                    var item = byId[request.Ids[index]];
                    var position = index + 1;
                    if (item.Position == position)
                    {
                        continue;
                    }

                    // The item's version moves with its position, so its own ETag does not outlive the move.
                    if (await session.ExecuteAsync(Sql.Move, new { item.Id, Position = position, UpdatedAt = now, ExpectedVersion = item.Version }) == 0)
                    {
                        throw Preconditions.StaleVersion();
                    }

                    moved.Add(item.Id);
                }

                await MeetingRules.RecordChangeAsync(session, meeting, "agenda-reordered", caller.Actor, now, new { order = request.Ids, moved });
                return await MeetingRules.ReloadAsync(session, meeting);
            },
            ct);

        var response = MeetingResponse.From(ordered);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Move = SqlStatement.Shared("""
            UPDATE AgendaItems
            SET Position = @Position, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
