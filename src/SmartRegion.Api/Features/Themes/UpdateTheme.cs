using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>
/// Replaces a theme's name and description (admin, or the region's coordinator). Projects refer to the theme by id,
/// so a rename shows on all of them at once.
/// </summary>
public sealed record UpdateThemeRequest : IHasExample<UpdateThemeRequest>
{
    public const string Route = "/api/v1/regions/{slug}/themes/{id}";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Unique in the region regardless of case and spacing; at most 100 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>At most 4000 characters; null or omitted clears it.</summary>
    public string? Description { get; set; }

    public static UpdateThemeRequest Example => new()
    {
        Name = "Beteiligung",
        Description = "Bürgerinnen und Bürger, Vereine und Unternehmen wirken an Projekten mit, online und vor Ort.",
    };

    public static string BuildRoute(string slug, Guid id) => GetThemeRequest.BuildRoute(slug, id);
}

public sealed class UpdateThemeValidator : Validator<UpdateThemeRequest>
{
    public UpdateThemeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(ThemeRules.NameMaxLength);
        RuleFor(r => r.Description).MaximumLength(ThemeRules.DescriptionMaxLength);
    }
}

public sealed class UpdateThemeEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateThemeRequest, ThemeResponse>
{
    public override void Configure()
    {
        Put(UpdateThemeRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("updateTheme").WithSummary("Update a theme's name and description").WithTags("Themes")
                .JsonBody<UpdateThemeRequest>()
                .Returns<ThemeResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateThemeRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = await ThemeAccess.RequireAsync(session, region, request.Id);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                var nameKey = TextKeys.ForName(request.Name);
                // A friendly answer for the common case; two racing renames are settled by the unique index.
                if (await session.QuerySingleOrDefaultAsync<Guid?>(ThemesSql.IdByNameKey, new { RegionId = region.Id, NameKey = nameKey }) is { } holder
                    && holder != current.Id)
                {
                    throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate name", $"The region already has a theme named '{request.Name}'.");
                }

                var row = new ThemeRow
                {
                    Id = current.Id,
                    RegionId = current.RegionId,
                    Name = request.Name,
                    NameKey = nameKey,
                    Description = request.Description,
                    Version = current.Version + 1,
                    CreatedAt = current.CreatedAt,
                    UpdatedAt = now,
                };
                if (await session.ExecuteAsync(Sql.Update, new { row.Id, row.Name, row.NameKey, row.Description, row.UpdatedAt, ExpectedVersion = current.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, ThemesChanges.EntityType, ThemesChanges.EntityId(row.Id), "updated", caller.Actor, now,
                    new { changed = ChangedFields(current, row) }, row.Version));
                return row;
            },
            ct);

        var response = ThemeResponse.From(updated);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    private static string[] ChangedFields(ThemeRow before, ThemeRow after) =>
        new[] { ("name", before.Name != after.Name), ("description", before.Description != after.Description) }
            .Where(field => field.Item2).Select(field => field.Item1).ToArray();

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE Themes
            SET Name = @Name, NameKey = @NameKey, Description = @Description, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
