using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Removes an agenda item from a planned meeting (the region's coordinator; If-Match carries the item's ETag). The
/// items after it move up one place, and the meeting's version moves.
/// </summary>
public sealed class DeleteAgendaItemRequest
{
    public const string Route = GetAgendaItemRequest.Route;

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    public static string BuildRoute(string slug, Guid meetingId, Guid itemId) => GetAgendaItemRequest.BuildRoute(slug, meetingId, itemId);
}

public sealed class DeleteAgendaItemEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteAgendaItemRequest>
{
    public override void Configure()
    {
        Delete(DeleteAgendaItemRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("deleteAgendaItem").WithSummary("Remove an agenda item from a planned meeting").WithTags("Meetings")
                .ReturnsNoContent()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteAgendaItemRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var (_, meeting) = await MeetingRules.RequireRowAsync(session, request.Slug, request.Id, caller);
                var current = await session.QuerySingleOrDefaultAsync<AgendaItemRow>(MeetingsSql.AgendaItem, new { MeetingId = meeting.Id, Id = request.ItemId })
                    ?? throw AgendaItemRules.NotFound(meeting.Id, request.ItemId);
                MeetingLifecycle.EnsurePlanned(meeting.StateValue);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                await MeetingsSql.TouchAsync(session, meeting, now);
                var hadProjects = await session.ExecuteScalarAsync<int>(Sql.CountProjects, new { AgendaItemId = current.Id }) > 0;
                // Explicitly, not by the cascade: SQLite applies ON DELETE only with foreign keys switched on.
                await session.ExecuteAsync(MeetingsSql.DeleteAgendaProjects, new { AgendaItemId = current.Id });
                if (await session.ExecuteAsync(Sql.Delete, new { current.Id, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await session.ExecuteAsync(Sql.CloseUp, new { MeetingId = meeting.Id, current.Position, UpdatedAt = now });
                // The OParl view answers `deleted: true` for the item (and its paper) from this tombstone.
                await session.ExecuteAsync(Sql.InsertTombstone, new
                {
                    current.Id, meeting.RegionId, MeetingId = meeting.Id, current.Number, current.Position, HadProjects = hadProjects, current.CreatedAt, DeletedAt = now,
                });
                await MeetingRules.RecordChangeAsync(session, meeting, "agenda-item-deleted", caller.Actor, now,
                    new { agendaItemId = current.Id, number = current.Number, position = current.Position });
            },
            ct);

        await Send.NoContentAsync(ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Delete = SqlStatement.Shared(
            "DELETE FROM AgendaItems WHERE Id = @Id AND Version = @ExpectedVersion");

        public static readonly SqlStatement CountProjects = SqlStatement.Shared(
            "SELECT COUNT(*) FROM AgendaItemProjects WHERE AgendaItemId = @AgendaItemId");

        public static readonly SqlStatement InsertTombstone = SqlStatement.Shared("""
            INSERT INTO DeletedAgendaItems (Id, RegionId, MeetingId, Number, Position, HadProjects, CreatedAt, DeletedAt)
            VALUES (@Id, @RegionId, @MeetingId, @Number, @Position, @HadProjects, @CreatedAt, @DeletedAt)
            """);

        public static readonly SqlStatement CloseUp = SqlStatement.Shared("""
            UPDATE AgendaItems
            SET Position = Position - 1, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE MeetingId = @MeetingId AND Position > @Position
            """);
    }
}
