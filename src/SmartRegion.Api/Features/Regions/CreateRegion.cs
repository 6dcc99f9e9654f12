using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Regions;

/// <summary>Creates a region (admin only). A Kreis key belongs to one region only (409 <c>kreis-key-taken</c>).</summary>
public sealed record CreateRegionRequest : IHasExample<CreateRegionRequest>
{
    public const string Route = "/api/v1/regions";

    /// <summary>Lower-case letters, digits and hyphens, 3–64 characters; unique.</summary>
    public string Slug { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>5 digits: Land, Regierungsbezirk and Kreis of the AGS.</summary>
    public string KreisKey { get; set; } = string.Empty;

    public string? Vision { get; set; }

    /// <summary>
    /// Under the population key, the share (0–100 %, 2 decimals) the district carries when it takes part; the
    /// municipalities split the rest by population. Absent: not configured yet.
    /// </summary>
    [Percent]
    public decimal? DistrictSharePercent { get; set; }

    public static CreateRegionRequest Example => new()
    {
        Slug = "kreis-warendorf",
        Name = "Smart Region Kreis Warendorf",
        KreisKey = "05570",
        Vision = "Der Kreis Warendorf und seine 13 Städte und Gemeinden gestalten die Digitalisierung gemeinsam: nah an den Bürgerinnen und Bürgern, offen und nachhaltig.",
    };
}

public sealed class CreateRegionValidator : Validator<CreateRegionRequest>
{
    public CreateRegionValidator()
    {
        RuleFor(r => r.Slug).NotEmpty().MaximumLength(Slugs.MaxLength)
            .Must(Slugs.IsValid).WithMessage("Use 3–64 lower-case letters, digits and single hyphens, e.g. kreis-warendorf.", "Verwenden Sie 3–64 Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. kreis-warendorf.");
        RuleFor(r => r.Name).NotEmpty().MaximumLength(RegionRules.NameMaxLength);
        RuleFor(r => r.KreisKey).NotEmpty().Must(Ags.IsWellFormedKreisKey).WithMessage("The Kreis key has exactly 5 digits, e.g. 05570.", "Der Kreisschlüssel hat genau 5 Ziffern, z. B. 05570.");
        RuleFor(r => r.Vision).MaximumLength(RegionRules.VisionMaxLength);
        RuleFor(r => r.DistrictSharePercent).IsPercentage();
    }
}

public sealed class CreateRegionEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateRegionRequest, RegionResponse>
{
    public override void Configure()
    {
        Post(CreateRegionRequest.Route);
        Roles(RoleNames.Admin);
        Description(
            b => b.WithName("createRegion").WithSummary("Create a region").WithTags("Regions")
                .JsonBody<CreateRegionRequest>()
                .ReturnsCreated<RegionResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateRegionRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(session => RegionCreation.CreateAsync(session, request, caller.Actor, now), ct);

        var response = RegionResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = RegionResponse.Location(row.Slug);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO Regions (Id, Slug, Name, KreisKey, Vision, ReportingIntervalDays, DistrictSharePercent, Version, CreatedAt, UpdatedAt)
            VALUES (@Id, @Slug, @Name, @KreisKey, @Vision, @ReportingIntervalDays, @DistrictSharePercent, @Version, @CreatedAt, @UpdatedAt)
            """);
    }
}

/// <summary>
/// The use case behind <c>createRegion</c>, for every caller that creates regions (the endpoint and the demo seed):
/// the body's shape, a free slug, then the region and its change record, in the caller's transaction.
/// </summary>
public static class RegionCreation
{
    private static readonly CreateRegionValidator Shape = new();

    public static async Task<RegionRow> CreateAsync(DbSession session, CreateRegionRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        if (await RegionAccess.FindAsync(session, request.Slug) is not null)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate slug", $"A region '{request.Slug}' already exists.");
        }

        var row = new RegionRow
        {
            Id = Guid.CreateVersion7(),
            Slug = request.Slug,
            Name = request.Name,
            KreisKey = request.KreisKey,
            Vision = request.Vision,
            DistrictSharePercent = request.DistrictSharePercent,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await session.ExecuteAsync(CreateRegionEndpoint.Sql.Insert, row);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolationOf(ex, RegionsSql.KreisKeyIndex))
        {
            // No read before the insert: the index decides, whether the other region is old or concurrent.
            throw await RegionRules.KreisKeyTakenAsync(session, row.KreisKey);
        }

        await ChangeLog.RecordAsync(session, new ChangeEntry(row.Id, "region", row.Slug, "created", actor, now, Version: row.Version));
        return row;
    }
}
