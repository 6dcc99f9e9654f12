using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>
/// Deletes a field of action (admin, or the region's coordinator) and closes up the positions of the ones after
/// it. A field of action that projects still refer to cannot be deleted (409).
/// </summary>
public sealed class DeleteFieldOfActionRequest
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public static string BuildRoute(string slug, Guid id) => GetFieldOfActionRequest.BuildRoute(slug, id);
}

public sealed class DeleteFieldOfActionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<DeleteFieldOfActionRequest>
{
    public override void Configure()
    {
        Delete(DeleteFieldOfActionRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("deleteFieldOfAction").WithSummary("Delete a field of action").WithTags("Fields of action")
                .ReturnsNoContent()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(DeleteFieldOfActionRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = await FieldOfActionAccess.RequireAsync(session, region, request.Id);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                if (await session.ExecuteAsync(Sql.Delete, new { current.Id, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                // The fields after it move up one place; their versions change with their positions so that cached
                // copies and their ETags do not outlive the move.
                await session.ExecuteAsync(Sql.CloseUp, new { RegionId = region.Id, current.Position, UpdatedAt = now });
                // The deleted position tells a change-feed reader exactly which fields moved up, without an entry per field.
                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, FieldsOfActionChanges.EntityType, FieldsOfActionChanges.EntityId(current.Id), "deleted", caller.Actor, now,
                    new { name = current.Name, position = current.Position }));
            },
            ct);

        await Send.NoContentAsync(ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Delete = SqlStatement.Shared(
            "DELETE FROM FieldsOfAction WHERE Id = @Id AND Version = @ExpectedVersion");

        public static readonly SqlStatement CloseUp = SqlStatement.Shared("""
            UPDATE FieldsOfAction
            SET Position = Position - 1, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE RegionId = @RegionId AND Position > @Position
            """);
    }
}
