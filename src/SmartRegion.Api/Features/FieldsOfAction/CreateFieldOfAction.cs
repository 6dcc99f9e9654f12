using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.FieldsOfAction;

/// <summary>Adds a field of action at the end of the region's order (admin, or the region's coordinator).</summary>
public sealed record CreateFieldOfActionRequest : IHasExample<CreateFieldOfActionRequest>
{
    public const string Route = "/api/v1/regions/{slug}/fields-of-action";

    public string Slug { get; set; } = string.Empty;

    /// <summary>Unique in the region regardless of case and spacing; at most 200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>At most 4000 characters.</summary>
    public string? Description { get; set; }

    public static CreateFieldOfActionRequest Example => new()
    {
        Name = "Digitale Infrastruktur",
        Description = "Glasfaser, Mobilfunk und öffentliches WLAN für alle Städte und Gemeinden des Kreises, auch in den Außenbereichen.",
    };

    public static string BuildRoute(string slug) => $"/api/v1/regions/{Uri.EscapeDataString(slug)}/fields-of-action";
}

public sealed class CreateFieldOfActionValidator : Validator<CreateFieldOfActionRequest>
{
    public CreateFieldOfActionValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(FieldOfActionRules.NameMaxLength);
        RuleFor(r => r.Description).MaximumLength(FieldOfActionRules.DescriptionMaxLength);
    }
}

public sealed class CreateFieldOfActionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateFieldOfActionRequest, FieldOfActionResponse>
{
    public override void Configure()
    {
        Post(CreateFieldOfActionRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("createFieldOfAction").WithSummary("Add a field of action at the end of the region's order").WithTags("Fields of action")
                .JsonBody<CreateFieldOfActionRequest>()
                .ReturnsCreated<FieldOfActionResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateFieldOfActionRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var created = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await FieldOfActionCreation.CreateAsync(session, region, request, caller.Actor, now);
            },
            ct);

        var response = FieldOfActionResponse.From(created);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = FieldOfActionResponse.Location(request.Slug, created.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>createFieldOfAction</c>, for every caller that adds fields of action (the endpoint and the
/// demo seed): the body's shape, a free name, then the field at the end of the order and its change record.
/// </summary>
public static class FieldOfActionCreation
{
    private static readonly CreateFieldOfActionValidator Shape = new();

    public static async Task<FieldOfActionRow> CreateAsync(DbSession session, RegionRow region, CreateFieldOfActionRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        // A friendly answer for the common case; two racing requests are settled by the unique index.
        if (await session.QuerySingleOrDefaultAsync<Guid?>(FieldsOfActionSql.IdByNameKey, new { RegionId = region.Id, NameKey = TextKeys.ForName(request.Name) }) is not null)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate name", $"The region already has a field of action named '{request.Name}'.");
        }

        var row = new FieldOfActionRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            Name = request.Name,
            Description = request.Description,
            Position = await FieldsOfActionSql.NextPositionAsync(session, region.Id),
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await FieldsOfActionSql.InsertAsync(session, row, actor);
        return row;
    }
}
