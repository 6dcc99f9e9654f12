using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Themes;

/// <summary>Adds a theme (Querschnittsthema) to the region (admin, or the region's coordinator).</summary>
public sealed record CreateThemeRequest : IHasExample<CreateThemeRequest>
{
    public const string Route = "/api/v1/regions/{slug}/themes";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Unique in the region regardless of case and spacing; at most 100 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>At most 4000 characters.</summary>
    public string? Description { get; set; }

    public static CreateThemeRequest Example => new()
    {
        Name = "Daten",
        Description = "Offene Daten, gemeinsame Datenplattform und Datenschutz als Querschnittsthema aller Handlungsfelder.",
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/themes";
}

public sealed class CreateThemeValidator : Validator<CreateThemeRequest>
{
    public CreateThemeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(ThemeRules.NameMaxLength);
        RuleFor(r => r.Description).MaximumLength(ThemeRules.DescriptionMaxLength);
    }
}

public sealed class CreateThemeEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateThemeRequest, ThemeResponse>
{
    public override void Configure()
    {
        Post(CreateThemeRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("createTheme").WithSummary("Add a theme (Querschnittsthema) to a region").WithTags("Themes")
                .JsonBody<CreateThemeRequest>()
                .ReturnsCreated<ThemeResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateThemeRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await ThemeCreation.CreateAsync(session, region, request, caller.Actor, now);
            },
            ct);

        var response = ThemeResponse.From(created);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = ThemeResponse.Location(request.Slug, created.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>createTheme</c>, for every caller that adds themes (the endpoint and the demo seed): the
/// body's shape, a free name, then the theme and its change record, in the caller's transaction.
/// </summary>
public static class ThemeCreation
{
    private static readonly CreateThemeValidator Shape = new();

    public static async Task<ThemeRow> CreateAsync(DbSession session, RegionRow region, CreateThemeRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        var nameKey = TextKeys.ForName(request.Name);
        // A friendly answer for the common case; two racing requests are settled by the unique index.
        if (await session.QuerySingleOrDefaultAsync<Guid?>(ThemesSql.IdByNameKey, new { RegionId = region.Id, NameKey = nameKey }) is not null)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate name", $"The region already has a theme named '{request.Name}'.");
        }

        var row = new ThemeRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            Name = request.Name,
            NameKey = nameKey,
            Description = request.Description,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await ThemesSql.InsertAsync(session, row, actor);
        return row;
    }
}
