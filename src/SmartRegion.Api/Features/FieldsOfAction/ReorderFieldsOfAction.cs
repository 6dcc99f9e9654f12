using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>
/// Puts the region's fields of action into a new order (admin, or the region's coordinator). The body names every
/// field of action of the region exactly once; <c>If-Match</c> carries the list's ETag, so an order decided on a
/// list that has changed since is refused instead of silently misplacing the new or moved entries.
/// </summary>
public sealed record ReorderFieldsOfActionRequest : IHasExample<ReorderFieldsOfActionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action/reorder";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The ids of all the region's fields of action, in the new order.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid> Ids { get; set; } = [];

    public static ReorderFieldsOfActionRequest Example => new()
    {
        Ids =
        [
            new Guid("01960f7d-0a2b-7c3d-8e4f-1a2b3c4d5e6f"),
            new Guid("01960f7d-0a2c-7c3d-8e4f-1a2b3c4d5e70"),
            new Guid("01960f7d-0a2d-7c3d-8e4f-1a2b3c4d5e71"),
            new Guid("01960f7d-0a2e-7c3d-8e4f-1a2b3c4d5e72"),
            new Guid("01960f7d-0a2f-7c3d-8e4f-1a2b3c4d5e73"),
            new Guid("01960f7d-0a30-7c3d-8e4f-1a2b3c4d5e74"),
        ],
    };

    public static string BuildRoute(string slug) => $"{CreateFieldOfActionRequest.BuildRoute(slug)}/reorder";
}

public sealed class ReorderFieldsOfActionValidator : Validator<ReorderFieldsOfActionRequest>
{
    public ReorderFieldsOfActionValidator()
    {
        RuleFor(r => r.Ids).AtMostMaxItems();
        RuleFor(r => r.Ids).NotNull()
            .Must(ids => ids is null || ids.Distinct().Count() == ids.Count).WithMessage("Name each field of action only once.", "Jedes Handlungsfeld darf nur einmal genannt werden.");
    }
}

public sealed class ReorderFieldsOfActionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<ReorderFieldsOfActionRequest, Page<FieldOfActionResponse>>
{
    public override void Configure()
    {
        Post(ReorderFieldsOfActionRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("reorderFieldsOfAction").WithSummary("Put a region's fields of action into a new order").WithTags("Fields of action")
                .JsonBody<ReorderFieldsOfActionRequest>()
                .ReturnsJson<Page<FieldOfActionResponse>>()
                .WithDerivedETag(FieldsOfActionListETag.Description)
                .Problems(409)
                .RequiresIfMatch("The list's current ETag, as the last read of the list returned it.")
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(ReorderFieldsOfActionRequest request, CancellationToken ct)
    {
        var ifMatch = FieldsOfActionListETag.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var ordered = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = (await session.QueryAsync<FieldOfActionRow>(FieldsOfActionSql.ListAll, new { RegionId = region.Id })).ToList();
                FieldsOfActionListETag.EnsureCurrent(ifMatch, FieldsOfActionListETag.For(current));
                var byId = current.ToDictionary(row => row.Id);
                if (request.Ids.Count != current.Count || !request.Ids.All(byId.ContainsKey))
                {
                    ThrowError(r => r.Ids, $"Name each of the region's {current.Count} fields of action exactly once, and no others.");
                }

                var moved = new List<Guid>();
                for (var index = 0; index < request.Ids.Count; index++)
                {
                    var row = byId[request.Ids[index]];
                    var position = index + 1;
                    if (row.Position == position)
                    {
                        continue;
                    }

                    // Each update re-checks the version: a concurrent edit of the same field makes this a 412.
                    if (await session.ExecuteAsync(Sql.Move, new { row.Id, Position = position, UpdatedAt = now, ExpectedVersion = row.Version }) == 0)
                    {
                        throw Preconditions.StaleVersion();
                    }

                    moved.Add(row.Id);
                }

                if (moved.Count > 0)
                {
                    await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, FieldsOfActionChanges.OrderEntityType, region.Slug, "reordered", caller.Actor, now,
                        new { order = request.Ids, moved }));
                }

                return (await session.QueryAsync<FieldOfActionRow>(FieldsOfActionSql.ListAll, new { RegionId = region.Id })).ToList();
            },
            ct);

        HttpContext.Response.Headers.ETag = FieldsOfActionListETag.For(ordered);
        await Send.OkAsync(new Page<FieldOfActionResponse>(ordered.Select(FieldOfActionResponse.From).ToList(), null), ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Move = SqlStatement.Shared("""
            UPDATE FieldsOfAction
            SET Position = @Position, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
