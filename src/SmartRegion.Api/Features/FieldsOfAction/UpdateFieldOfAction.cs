using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>
/// Replaces a field of action's name and description (admin, or the region's coordinator). The position changes
/// only through the reorder command, which sees the whole list.
/// </summary>
public sealed record UpdateFieldOfActionRequest : IHasExample<UpdateFieldOfActionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Unique in the region regardless of case and spacing; at most 200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>At most 4000 characters; null or omitted clears it.</summary>
    public string? Description { get; set; }

    public static UpdateFieldOfActionRequest Example => new()
    {
        Name = "Klimaschutz, Mobilität & Umwelt",
        Description = "Vernetzte Mobilitätsangebote, Sensorik für Umwelt und Klima und digitale Werkzeuge für die Klimaanpassung.",
    };

    public static string BuildRoute(string slug, Guid id) => GetFieldOfActionRequest.BuildRoute(slug, id);
}

public sealed class UpdateFieldOfActionValidator : Validator<UpdateFieldOfActionRequest>
{
    public UpdateFieldOfActionValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(FieldOfActionRules.NameMaxLength);
        RuleFor(r => r.Description).MaximumLength(FieldOfActionRules.DescriptionMaxLength);
    }
}

public sealed class UpdateFieldOfActionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateFieldOfActionRequest, FieldOfActionResponse>
{
    public override void Configure()
    {
        Put(UpdateFieldOfActionRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("updateFieldOfAction").WithSummary("Update a field of action's name and description").WithTags("Fields of action")
                .JsonBody<UpdateFieldOfActionRequest>()
                .Returns<FieldOfActionResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateFieldOfActionRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = await FieldOfActionAccess.RequireAsync(session, region, request.Id);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                var nameKey = TextKeys.ForName(request.Name);
                // A friendly answer for the common case; two racing renames are settled by the unique index.
                if (await session.QuerySingleOrDefaultAsync<Guid?>(FieldsOfActionSql.IdByNameKey, new { RegionId = region.Id, NameKey = nameKey }) is { } holder
                    && holder != current.Id)
                {
                    throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate name", $"The region already has a field of action named '{request.Name}'.");
                }

                var row = new FieldOfActionRow
                {
                    Id = current.Id,
                    RegionId = current.RegionId,
                    Name = request.Name,
                    Description = request.Description,
                    Position = current.Position,
                    Version = current.Version + 1,
                    CreatedAt = current.CreatedAt,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(Sql.Update, new { row.Id, row.Name, NameKey = nameKey, row.Description, row.UpdatedAt, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, FieldsOfActionChanges.EntityType, FieldsOfActionChanges.EntityId(row.Id), "updated", caller.Actor, now,
                    new { changed = ChangedFields(current, row) }, row.Version));
                return row;
            },
            ct);

        var response = FieldOfActionResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    private static string[] ChangedFields(FieldOfActionRow before, FieldOfActionRow after) =>
        new[] { ("name", before.Name != after.Name), ("description", before.Description != after.Description) }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE FieldsOfAction
            SET Name = @Name, NameKey = @NameKey, Description = @Description, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
